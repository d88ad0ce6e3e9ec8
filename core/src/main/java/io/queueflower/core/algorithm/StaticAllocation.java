package io.queueflower.core.algorithm;

import io.queueflower.core.estimate.WindowSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fixed replicas, whatever the window says: the configured {@link AlgorithmSettings#staticReplicas} (services without
 * an entry keep their current replicas, or the base), or, when none are configured, an even split of the total
 * {@code |services|·base + F}: {@code floor(total/|services|)} each and one more for the first {@code total mod
 * |services|} services by name. Then the clamps.
 */
public final class StaticAllocation implements ScalingAlgorithm {
    private final PodPool pool;
    private final SortedMap<String, Integer> fixed;

    /** @param fixed service → replicas; empty means an even split of the pool */
    public StaticAllocation(PodPool pool, SortedMap<String, Integer> fixed) {
        this.pool = pool;
        this.fixed = Collections.unmodifiableSortedMap(new TreeMap<>(fixed));
    }

    /** The static allocation as the settings configure it. */
    public static StaticAllocation from(AlgorithmSettings all) {
        return new StaticAllocation(all.pool(), all.staticReplicas());
    }

    /**
     * {@code floor(total/n)} each and one more for the first {@code total mod n} services in the given order: the
     * even split, in one place for the streams app and the experiments.
     */
    public static SortedMap<String, Integer> evenSplit(List<String> services, int total) {
        TreeMap<String, Integer> split = new TreeMap<>();
        if (services.isEmpty()) {
            return split;
        }
        int each = total / services.size();
        int extra = total % services.size();
        for (int i = 0; i < services.size(); i++) {
            split.put(services.get(i), each + (i < extra ? 1 : 0));
        }
        return split;
    }

    @Override
    public AlgorithmDecision decide(WindowSnapshot window, Map<String, Integer> currentReplicas, AlgorithmState state) {
        SortedSet<String> services = new TreeSet<>(Services.universe(window, currentReplicas, pool.excludedServices()));
        TreeMap<String, Integer> targets = new TreeMap<>();
        Map<String, String> parameters = pool.parameters();
        if (!fixed.isEmpty()) {
            fixed.keySet().stream().filter(service -> !pool.excludedServices().contains(service)).forEach(services::add);
            for (String service : services) {
                int replicas = fixed.getOrDefault(service, currentReplicas.getOrDefault(service, pool.baseReplicas()));
                targets.put(service, pool.bounds().clamp(service, replicas));
            }
            parameters.put("mode", "fixed");
        } else if (!services.isEmpty()) {
            int total = services.size() * pool.baseReplicas() + pool.freePool();
            evenSplit(new ArrayList<>(services), total).forEach((service, replicas) ->
                    targets.put(service, pool.bounds().clamp(service, replicas)));
            parameters.put("mode", "even");
            parameters.put("total", Integer.toString(total));
        }
        return AlgorithmDecision.builder(AlgorithmKind.STATIC.configName(), window.windowStartMs(), window.windowEndMs())
                .targets(targets)
                .currentReplicas(currentReplicas)
                .flows(window.flows())
                .parameters(parameters)
                .explanation(new Explanation.Fixed())
                .nextState(AlgorithmState.NONE)
                .build();
    }
}
