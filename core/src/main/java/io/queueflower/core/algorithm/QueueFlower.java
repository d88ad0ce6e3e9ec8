package io.queueflower.core.algorithm;

import io.queueflower.core.estimate.ServiceFlowStats;
import io.queueflower.core.estimate.WindowSnapshot;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * QueueFlower (ICWS 2024): pods in proportion to each service's blocking score.
 *
 * <ol>
 *   <li>Queue estimates q[n][f] per {@link Estimator}: the mean exclusive time in ms (reference) or λ·W (Little's law);
 *   q[n] = Σ_f q[n][f].</li>
 *   <li>Tail estimates t[n][f]: mean of the exclusive times above their 90th percentile, ms.</li>
 *   <li>Violations against the average and tail SLA tables, per {@link QueueFlowerScores}. They always use the
 *   millisecond estimates (mean exclusive time and tail), whatever the estimator: an SLA is a latency, and Σ_m q[m][f]
 *   in requests could not be compared with it.</li>
 *   <li>Blocking b[n] with the {@link Variant}'s weights, then {@link ProportionalAllocator}: base + share of the free
 *   pool, leftover by the configured rule, Σb = 0 keeps the current replicas, then the clamps.</li>
 * </ol>
 * Services are those of the window and of the current replicas, minus the excluded ones.
 */
public final class QueueFlower implements ScalingAlgorithm {
    private final PodPool pool;
    private final ProportionalSettings settings;
    private final ProportionalAllocator allocator;

    public QueueFlower(PodPool pool, ProportionalSettings settings) {
        this.pool = pool;
        this.settings = settings;
        this.allocator = new ProportionalAllocator(settings.leftover(), settings.seed());
    }

    /** The paper's QueueFlower as the settings configure it. */
    public static QueueFlower from(AlgorithmSettings all) {
        return new QueueFlower(all.pool(), all.proportional());
    }

    @Override
    public AlgorithmDecision decide(WindowSnapshot window, Map<String, Integer> currentReplicas, AlgorithmState state) {
        SortedSet<String> services = Services.universe(window, currentReplicas, pool.excludedServices());

        TreeMap<String, SortedMap<String, Double>> latencyEstimates = new TreeMap<>();
        TreeMap<String, SortedMap<String, Double>> tailEstimates = new TreeMap<>();
        TreeMap<String, SortedMap<String, Double>> queues = new TreeMap<>();
        TreeMap<String, SortedMap<String, Double>> tails = new TreeMap<>();
        window.pairs().forEach((service, byFlow) -> {
            TreeMap<String, Double> latency = new TreeMap<>();
            TreeMap<String, Double> tail = new TreeMap<>();
            TreeMap<String, Double> queue = new TreeMap<>();
            for (ServiceFlowStats stats : byFlow.values()) {
                latency.put(stats.flow(), stats.queueReferenceMs());
                tail.put(stats.flow(), stats.tailMeanMs());
                queue.put(stats.flow(), settings.estimator() == Estimator.REFERENCE
                        ? stats.queueReferenceMs() : stats.queueLittlesLaw());
            }
            latencyEstimates.put(service, latency);
            tailEstimates.put(service, tail);
            if (services.contains(service)) {
                queues.put(service, queue);
                tails.put(service, tail);
            }
        });

        SortedMap<String, Double> serviceQueue = QueueFlowerScores.perService(queues, services);
        SortedMap<String, Double> averageViolation = QueueFlowerScores.perService(
                QueueFlowerScores.violations(latencyEstimates, services, settings.averageSla(), settings.clipViolations()),
                services);
        SortedMap<String, Double> tailViolation = QueueFlowerScores.perService(
                QueueFlowerScores.violations(tailEstimates, services, settings.tailSla(), settings.clipViolations()),
                services);
        Weights weights = settings.variant().effective(settings.weights());
        SortedMap<String, Double> blocking =
                QueueFlowerScores.blocking(services, serviceQueue, averageViolation, tailViolation, weights);

        Allocation allocation = allocator.allocate(blocking, pool.freePool(), pool.baseReplicas(), currentReplicas,
                pool.bounds());

        Map<String, String> parameters = pool.parameters();
        parameters.put("variant", settings.variant().configName());
        parameters.put("estimator", settings.estimator().configName());
        parameters.put("weights", weights.toString());
        parameters.put("clip", Boolean.toString(settings.clipViolations()));
        parameters.put("leftover", settings.leftover().configName());
        if (settings.leftover() == LeftoverRule.RANDOM) {
            parameters.put("seed", Long.toString(settings.seed()));
        }
        return AlgorithmDecision.builder(AlgorithmKind.QUEUEFLOWER.configName(), window.windowStartMs(), window.windowEndMs())
                .targets(allocation.targets())
                .currentReplicas(currentReplicas)
                .flows(window.flows())
                .explanation(new ProportionalExplanation(settings.variant().configName(),
                        settings.estimator().configName(), queues, serviceQueue, tails, averageViolation, tailViolation,
                        blocking))
                .parameters(parameters)
                .note(allocation.kept() ? "blocking scores sum to 0: current replicas kept" : null)
                .nextState(AlgorithmState.NONE)
                .build();
    }
}
