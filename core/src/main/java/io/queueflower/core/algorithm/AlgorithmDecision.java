package io.queueflower.core.algorithm;

import io.queueflower.core.estimate.FlowWindowStats;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Replica targets for one window, with what produced them, so the decision can be explained and recomputed (it maps
 * onto the Avro {@code ScalingDecision}). What is particular to the algorithm is its {@link Explanation}.
 *
 * @param algorithm       queueflower, hab, hpa or static
 * @param windowStartMs   window start, epoch ms
 * @param windowEndMs     window end, epoch ms
 * @param targets         service → replica target
 * @param currentReplicas service → replicas the algorithm was told were current
 * @param flows           flow → end-to-end figures of the window
 * @param parameters      parameters in force, as strings
 * @param note            why the targets are what they are when it is not the ordinary path (e.g. replicas kept)
 * @param explanation     the algorithm's own figures
 * @param nextState       state for the next window
 */
public record AlgorithmDecision(
        String algorithm,
        long windowStartMs,
        long windowEndMs,
        SortedMap<String, Integer> targets,
        SortedMap<String, Integer> currentReplicas,
        SortedMap<String, FlowWindowStats> flows,
        SortedMap<String, String> parameters,
        String note,
        Explanation explanation,
        AlgorithmState nextState) {

    public AlgorithmDecision {
        Objects.requireNonNull(algorithm, "algorithm");
        targets = FrozenMaps.of(targets);
        currentReplicas = FrozenMaps.of(currentReplicas);
        flows = FrozenMaps.of(flows);
        parameters = FrozenMaps.of(parameters);
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(nextState, "nextState");
        targets.forEach((service, replicas) -> {
            if (replicas == null || replicas < 0) {
                throw new IllegalArgumentException("target of " + service + " must be >= 0, got " + replicas);
            }
        });
    }

    /** The QueueFlower variant that decided, or null for another algorithm. */
    public String variant() {
        return explanation.variant();
    }

    /** The QueueFlower estimator used, or null for another algorithm. */
    public String estimator() {
        return explanation.estimator();
    }

    /**
     * The explanation as the type the caller knows the algorithm gives.
     *
     * @throws IllegalStateException naming both types when it is another algorithm's
     */
    public <E extends Explanation> E explanation(Class<E> type) {
        if (!type.isInstance(explanation)) {
            throw new IllegalStateException("a " + algorithm + " decision is explained by "
                    + explanation.getClass().getSimpleName() + ", not " + type.getSimpleName());
        }
        return type.cast(explanation);
    }

    public static Builder builder(String algorithm, long windowStartMs, long windowEndMs) {
        return new Builder(algorithm, windowStartMs, windowEndMs);
    }

    /** Assembles a decision; unset maps stay empty, an unset explanation is {@link Explanation.Fixed}. */
    public static final class Builder {
        private final String algorithm;
        private final long windowStartMs;
        private final long windowEndMs;
        private Map<String, Integer> targets = Map.of();
        private Map<String, Integer> currentReplicas = Map.of();
        private Map<String, FlowWindowStats> flows = Map.of();
        private Map<String, String> parameters = Map.of();
        private String note;
        private Explanation explanation = new Explanation.Fixed();
        private AlgorithmState nextState = AlgorithmState.NONE;

        private Builder(String algorithm, long windowStartMs, long windowEndMs) {
            this.algorithm = algorithm;
            this.windowStartMs = windowStartMs;
            this.windowEndMs = windowEndMs;
        }

        public Builder targets(Map<String, Integer> value) { targets = value; return this; }
        public Builder currentReplicas(Map<String, Integer> value) { currentReplicas = value; return this; }
        public Builder flows(Map<String, FlowWindowStats> value) { flows = value; return this; }
        public Builder parameters(Map<String, String> value) { parameters = value; return this; }
        public Builder note(String value) { note = value; return this; }
        public Builder explanation(Explanation value) { explanation = value; return this; }
        public Builder nextState(AlgorithmState value) { nextState = value; return this; }

        public AlgorithmDecision build() {
            return new AlgorithmDecision(algorithm, windowStartMs, windowEndMs, toSorted(targets), toSorted(currentReplicas),
                    toSorted(flows), toSorted(parameters), note, explanation, nextState);
        }

        private static <V> SortedMap<String, V> toSorted(Map<String, V> map) {
            return map instanceof SortedMap<String, V> sorted ? sorted : new java.util.TreeMap<>(map);
        }
    }
}
