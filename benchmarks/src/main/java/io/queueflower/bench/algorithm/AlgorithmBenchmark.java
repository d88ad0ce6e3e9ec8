package io.queueflower.bench.algorithm;

import io.queueflower.core.algorithm.AlgorithmDecision;
import io.queueflower.core.algorithm.AlgorithmKind;
import io.queueflower.core.algorithm.AlgorithmSettings;
import io.queueflower.core.algorithm.AlgorithmState;
import io.queueflower.core.algorithm.ScalingAlgorithm;
import io.queueflower.core.algorithm.ScalingAlgorithms;
import io.queueflower.core.estimate.FlowWindowStats;
import io.queueflower.core.estimate.ServiceFlowStats;
import io.queueflower.core.estimate.WindowSnapshot;
import io.queueflower.core.sla.SlaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one decision, {@code ScalingAlgorithm.decide}, for windows of S services and F flows, beside one pass that
 * copies the window's per-pair queue estimates into sorted maps (the least any decision that reports per-pair
 * figures must do).
 *
 * <p>Two shapes of window: {@code path10}, where every flow crosses 10 services (a request path as long as
 * DeathStarBench's longest) and the services are dealt round-robin to the flows, so S·F pairs never exceed F·10 and
 * services outside every flow still get a target from their current replicas; and {@code dense}, every service in
 * every flow (S·F pairs), the worst case. Every pair has an average and a tail SLA, so prop-sla2's violation terms
 * run in full; every service has current replicas.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AlgorithmBenchmark {
    static final int PATH_LENGTH = 10;

    @Param({"10", "100", "1000", "10000"})
    public int services;
    @Param({"1", "10", "100"})
    public int flows;
    @Param({"path10", "dense"})
    public String shape;
    /** queueflower (the paper's prop-sla2), balanced (the balanced QueueFlower), hab, hpa. */
    @Param({"queueflower"})
    public String algorithm;

    private WindowSnapshot window;
    private Map<String, Integer> current;
    private ScalingAlgorithm decider;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        List<ServiceFlowStats> pairs = new ArrayList<>();
        List<FlowWindowStats> flowStats = new ArrayList<>();
        TreeMap<String, TreeMap<String, Double>> averageSla = new TreeMap<>();
        TreeMap<String, TreeMap<String, Double>> tailSla = new TreeMap<>();
        int next = 0;
        for (int f = 0; f < flows; f++) {
            String flow = "HTTP GET /flow-" + f;
            int crossing = shape.equals("dense") ? services : Math.min(services, PATH_LENGTH);
            for (int k = 0; k < crossing; k++) {
                int s = shape.equals("dense") ? k : (next++) % services;
                String service = service(s);
                double mean = 1 + random.nextDouble() * 20;
                pairs.add(new ServiceFlowStats(service, flow, 100 + random.nextInt(900), 10 + random.nextDouble() * 90,
                        mean, mean * 0.9, mean * 2, mean * 4, mean * 3, mean * 3.1));
                averageSla.computeIfAbsent(service, x -> new TreeMap<>()).put(flow, 50.0 + random.nextInt(100));
                tailSla.computeIfAbsent(service, x -> new TreeMap<>()).put(flow, 150.0 + random.nextInt(300));
            }
            flowStats.add(new FlowWindowStats(flow, 1000, 3, 0, 80, 150, 300, 10, 2));
        }
        window = WindowSnapshot.of(0, 90_000, true, pairs, flowStats);
        current = new TreeMap<>();
        for (int s = 0; s < services; s++) {
            current.put(service(s), 2);
        }
        boolean balanced = algorithm.equals("balanced");
        AlgorithmSettings config = AlgorithmSettings.builder()
                .algorithm(balanced ? AlgorithmKind.QUEUEFLOWER
                        : AlgorithmKind.valueOf(algorithm.toUpperCase(java.util.Locale.ROOT)))
                .variant(balanced ? io.queueflower.core.algorithm.Variant.BALANCED
                        : io.queueflower.core.algorithm.Variant.PROP_SLA2)
                .freePool(2 * services)
                .averageSla(SlaTable.of(averageSla))
                .tailSla(SlaTable.of(tailSla))
                .build();
        decider = ScalingAlgorithms.create(config);
        AlgorithmDecision check = decider.decide(window, current, AlgorithmState.NONE);
        if (check.targets().size() != services) {
            throw new IllegalStateException("decision covers " + check.targets().size() + " services, expected " + services);
        }
    }

    private static String service(int s) {
        return "service-" + s;
    }

    @Benchmark
    public AlgorithmDecision decide() {
        return decider.decide(window, current, AlgorithmState.NONE);
    }

    /** Baseline: one pass copying the per-pair queue estimates into sorted maps. */
    @Benchmark
    public SortedMap<String, SortedMap<String, Double>> copyPairs() {
        TreeMap<String, SortedMap<String, Double>> copy = new TreeMap<>();
        window.pairs().forEach((service, byFlow) -> {
            TreeMap<String, Double> row = new TreeMap<>();
            byFlow.forEach((flow, stats) -> row.put(flow, stats.queueReferenceMs()));
            copy.put(service, row);
        });
        return copy;
    }
}
