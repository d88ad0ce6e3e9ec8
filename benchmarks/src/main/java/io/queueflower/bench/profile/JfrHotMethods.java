package io.queueflower.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest methods of a JFR recording's execution samples, by self time (top frame) and by total time (anywhere
 * on the stack), optionally only for threads whose name contains a filter (e.g. {@code StreamThread}). JDK 17's
 * {@code jfr} tool prints the samples but does not aggregate them; this does, with the JDK's own JFR parser.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.queueflower.bench.profile.JfrHotMethods rec.jfr [top] [thread]</pre>
 */
public final class JfrHotMethods {
    private JfrHotMethods() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrHotMethods <recording.jfr> [top=25] [thread-name-filter]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        String thread = args.length > 2 ? args[2] : null;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            if (thread != null) {
                var sampled = event.getThread("sampledThread");
                if (sampled == null || sampled.getJavaName() == null || !sampled.getJavaName().contains(thread)) {
                    continue;
                }
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            var sampled = event.getThread("sampledThread");
            String threadName = sampled == null || sampled.getJavaName() == null ? "?" : sampled.getJavaName();
            // Numbered threads of one pool count together.
            threads.merge(threadName.replaceAll("[0-9]+", "N"), 1, Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (seen.add(name)) {
                    total.merge(name, 1, Integer::sum);
                }
            }
        }
        System.out.printf("%d execution samples%s%n", samples, thread == null ? "" : " on threads matching '" + thread + "'");
        print("threads", threads, samples, top, m -> true);
        print("self (top frame)", self, samples, top, m -> true);
        print("total (on the stack), io.queueflower and library code", total, samples, top,
                m -> !m.startsWith("java.lang.Thread.") && !m.contains("jmh_generated") && !m.startsWith("java.lang.reflect")
                        && !m.startsWith("jdk.internal.reflect") && !m.contains("BenchmarkHandler"));
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top, Predicate<String> keep) {
        System.out.println("\n" + title + ":");
        counts.entrySet().stream().filter(e -> keep.test(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "%6.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
