package io.queueflower.bench.algorithm;

import io.queueflower.bench.report.Figure;
import io.queueflower.bench.report.Jmh;
import io.queueflower.bench.report.SuiteArgs;
import io.queueflower.bench.report.SuiteReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link AlgorithmBenchmark}: QueueFlower over the whole grid of services × flows × shape, then HAB and HPA at
 * 1,000 services, and prints each decision time with its ratio to the one-pass copy of the same window.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.queueflower.bench.algorithm.AlgorithmSuite [--out f.json] [JMH options]</pre>
 */
public final class AlgorithmSuite {
    static final double TARGET_MS = 5;

    private AlgorithmSuite() {
    }

    public static void main(String[] args) {
        SuiteArgs parsed = SuiteArgs.parse(args);
        SuiteReport report = new SuiteReport("algorithms", "java -cp benchmarks/target/benchmarks.jar "
                + AlgorithmSuite.class.getName());
        // path10 over the whole grid; dense up to 1,000 services (dense 10,000 x 100 is a million pairs and takes
        // minutes to set up and measure: run it with -p shape=dense -p services=10000 when wanted).
        List<String> path = new ArrayList<>(List.of(parsed.rest()));
        path.addAll(List.of("-p", "shape=path10"));
        Map<String, Jmh.Score> scores = new java.util.HashMap<>(Jmh.run(AlgorithmBenchmark.class,
                parsed.rest().length > 0 ? parsed.rest() : path.toArray(String[]::new)));
        if (parsed.rest().length == 0) {
            scores.putAll(Jmh.run(AlgorithmBenchmark.class,
                    new String[] {"-p", "shape=dense", "-p", "services=10,100,1000"}));
        }
        List<String> others = new ArrayList<>(List.of(parsed.rest()));
        others.addAll(List.of("-p", "algorithm=hab,hpa", "-p", "services=1000", "-p", "flows=10", "-p", "shape=path10"));
        scores.putAll(Jmh.run(AlgorithmBenchmark.class, others.toArray(String[]::new)));
        List<String> balanced = new ArrayList<>(List.of(parsed.rest()));
        balanced.addAll(List.of("-p", "algorithm=balanced", "-p", "services=100,1000", "-p", "flows=1,10,100", "-p",
                "shape=path10"));
        scores.putAll(Jmh.run(AlgorithmBenchmark.class, balanced.toArray(String[]::new)));
        for (String algorithm : List.of("queueflower", "balanced", "hab", "hpa")) {
            for (String shape : List.of("path10", "dense")) {
                for (int services : List.of(10, 100, 1000, 10000)) {
                    for (int flows : List.of(1, 10, 100)) {
                        String params = "|algorithm=" + algorithm + "|flows=" + flows + "|services=" + services
                                + "|shape=" + shape;
                        Jmh.Score decide = scores.get("decide" + params);
                        Jmh.Score copy = scores.get("copyPairs" + params);
                        if (decide == null || copy == null) {
                            continue;
                        }
                        boolean targeted = services == 1000;
                        report.add(new Figure("algorithms." + algorithm + "." + shape + "." + services + "x" + flows
                                + ".ms", "decide", decide.value(), "ms", decide.value() / copy.value(),
                                "decide / one-pass copy of the window's pairs", targeted ? "< 5 ms at 1,000 services" : null,
                                targeted ? decide.value() < TARGET_MS : null, false));
                    }
                }
            }
        }
        report.note("path10: every flow crosses 10 services (pairs = flows x min(services, 10)); dense: every service "
                + "in every flow (pairs = services x flows), up to 1,000 services by default. Every pair has both "
                + "SLAs; every service current replicas.");
        report.finish(parsed.out());
    }
}
