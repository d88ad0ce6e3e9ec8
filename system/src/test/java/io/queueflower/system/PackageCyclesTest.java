package io.queueflower.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No package of the project depends on itself through others: the package graph of every module's compiled main
 * classes, read by the JDK's own jdeps, has no cycle. (Module arrows are Maven's business: a module cannot see one it
 * does not declare, and core's enforcer rule keeps it pure.)
 */
class PackageCyclesTest {
    private static final List<String> MODULES = List.of("schemas", "core", "platform", "embedded", "streams-app",
            "scaler-app", "loadgen-app", "simulator", "system");
    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.queueflower\\.[\\w.]+)\\s+->\\s+(io\\.queueflower\\.[\\w.]+)\\s");

    static Map<String, Set<String>> packageGraph() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String module : MODULES) {
            Path classes = Path.of("..", module, "target", "classes");
            assertThat(classes).as(module + " is compiled (run mvn verify from the root)").isDirectory();
            StringWriter out = new StringWriter();
            int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none",
                    classes.toString());
            assertThat(exit).as(out.toString()).isZero();
            for (String line : out.toString().split("\n")) {
                Matcher m = EDGE.matcher(line);
                if (m.find() && !m.group(1).equals(m.group(2))) {
                    graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
                }
            }
        }
        return graph;
    }

    /** Strongly connected components of more than one package (Tarjan's algorithm, iterative enough for this size). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        int[] counter = {0};
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, onStack, found, counter);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> found, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, found, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    @Test
    void theDetectorFindsACycleWhenThereIsOne() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(cycles(new TreeMap<>(graph))).containsExactly(Set.of("a", "b", "c"));
    }

    @Test
    void noPackageCycles() {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph).as("jdeps found the project's packages").containsKeys("io.queueflower.core.algorithm",
                "io.queueflower.streams.topology", "io.queueflower.simulator.loop");
        assertThat(cycles(graph)).isEmpty();
    }

    @Test
    void theCoreDependsOnNoAdapterPackage() {
        packageGraph().forEach((from, to) -> {
            if (from.startsWith("io.queueflower.core.")) {
                assertThat(to).as(from).allSatisfy(target -> assertThat(target)
                        .matches("io\\.queueflower\\.(core|avro)(\\..*)?"));
            }
        });
    }
}
