package io.queueflower.core.algorithm;

import io.queueflower.core.estimate.FlowWindowStats;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Replica targets for one window, with every input that produced them so the decision can be explained and recomputed
 * (it maps onto the Avro {@code ScalingDecision}). Maps an algorithm does not use are empty.
 *
 * @param algorithm        queueflower, hab, hpa or static
 * @param windowStartMs    window start, epoch ms
 * @param windowEndMs      window end, epoch ms
 * @param targets          service → replica target
 * @param currentReplicas  service → replicas the algorithm was told were current
 * @param variant          QueueFlower variant, else null
 * @param estimator        QueueFlower estimator, else null
 * @param flows            flow → end-to-end figures of the window
 * @param queues           service → flow → q[n][f] (ms for the reference estimator, requests for Little's law)
 * @param serviceQueue     service → q[n] = Σ_f q[n][f]
 * @param tail             service → flow → t[n][f], ms
 * @param avgViolation     service → avevio[n]
 * @param tailViolation    service → tailvio[n]
 * @param blocking         service → b[n]
 * @param phi              HAB's φ after this window's bisection step, else null
 * @param arrivalRatePerSec service → λ[n] (HAB, HPA)
 * @param serviceTimeMs    service → s[n], mean exclusive time over all flows (HAB, HPA)
 * @param utilization      service → u[n] (HPA)
 * @param parameters       parameters in force, as strings
 * @param note             why the targets are what they are when it is not the ordinary path (e.g. replicas kept)
 * @param reasons          service → why it got its target, in words (balanced QueueFlower)
 * @param nextState        state for the next window
 */
public record AlgorithmDecision(
        String algorithm,
        long windowStartMs,
        long windowEndMs,
        SortedMap<String, Integer> targets,
        SortedMap<String, Integer> currentReplicas,
        String variant,
        String estimator,
        SortedMap<String, FlowWindowStats> flows,
        SortedMap<String, SortedMap<String, Double>> queues,
        SortedMap<String, Double> serviceQueue,
        SortedMap<String, SortedMap<String, Double>> tail,
        SortedMap<String, Double> avgViolation,
        SortedMap<String, Double> tailViolation,
        SortedMap<String, Double> blocking,
        Double phi,
        SortedMap<String, Double> arrivalRatePerSec,
        SortedMap<String, Double> serviceTimeMs,
        SortedMap<String, Double> utilization,
        SortedMap<String, String> parameters,
        String note,
        SortedMap<String, String> reasons,
        AlgorithmState nextState) {

    public AlgorithmDecision {
        Objects.requireNonNull(algorithm, "algorithm");
        targets = frozen(targets);
        currentReplicas = frozen(currentReplicas);
        flows = frozen(flows);
        queues = frozenNested(queues);
        serviceQueue = frozen(serviceQueue);
        tail = frozenNested(tail);
        avgViolation = frozen(avgViolation);
        tailViolation = frozen(tailViolation);
        blocking = frozen(blocking);
        arrivalRatePerSec = frozen(arrivalRatePerSec);
        serviceTimeMs = frozen(serviceTimeMs);
        utilization = frozen(utilization);
        parameters = frozen(parameters);
        reasons = frozen(reasons);
        Objects.requireNonNull(nextState, "nextState");
        targets.forEach((service, replicas) -> {
            if (replicas == null || replicas < 0) {
                throw new IllegalArgumentException("target of " + service + " must be >= 0, got " + replicas);
            }
        });
    }

    public static Builder builder(String algorithm, long windowStartMs, long windowEndMs) {
        return new Builder(algorithm, windowStartMs, windowEndMs);
    }

    private static <V> SortedMap<String, V> frozen(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map == null ? Map.of() : map));
    }

    private static SortedMap<String, SortedMap<String, Double>> frozenNested(Map<String, ? extends Map<String, Double>> map) {
        TreeMap<String, SortedMap<String, Double>> copy = new TreeMap<>();
        if (map != null) {
            map.forEach((key, inner) -> copy.put(key, frozen(inner)));
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /** Assembles a decision; unset maps stay empty. */
    public static final class Builder {
        private final String algorithm;
        private final long windowStartMs;
        private final long windowEndMs;
        private Map<String, Integer> targets = Map.of();
        private Map<String, Integer> currentReplicas = Map.of();
        private String variant;
        private String estimator;
        private Map<String, FlowWindowStats> flows = Map.of();
        private Map<String, ? extends Map<String, Double>> queues = Map.of();
        private Map<String, Double> serviceQueue = Map.of();
        private Map<String, ? extends Map<String, Double>> tail = Map.of();
        private Map<String, Double> avgViolation = Map.of();
        private Map<String, Double> tailViolation = Map.of();
        private Map<String, Double> blocking = Map.of();
        private Double phi;
        private Map<String, Double> arrivalRatePerSec = Map.of();
        private Map<String, Double> serviceTimeMs = Map.of();
        private Map<String, Double> utilization = Map.of();
        private Map<String, String> parameters = Map.of();
        private String note;
        private Map<String, String> reasons = Map.of();
        private AlgorithmState nextState = AlgorithmState.NONE;

        private Builder(String algorithm, long windowStartMs, long windowEndMs) {
            this.algorithm = algorithm;
            this.windowStartMs = windowStartMs;
            this.windowEndMs = windowEndMs;
        }

        public Builder targets(Map<String, Integer> value) { targets = value; return this; }
        public Builder currentReplicas(Map<String, Integer> value) { currentReplicas = value; return this; }
        public Builder variant(String value) { variant = value; return this; }
        public Builder estimator(String value) { estimator = value; return this; }
        public Builder flows(Map<String, FlowWindowStats> value) { flows = value; return this; }
        public Builder queues(Map<String, ? extends Map<String, Double>> value) { queues = value; return this; }
        public Builder serviceQueue(Map<String, Double> value) { serviceQueue = value; return this; }
        public Builder tail(Map<String, ? extends Map<String, Double>> value) { tail = value; return this; }
        public Builder avgViolation(Map<String, Double> value) { avgViolation = value; return this; }
        public Builder tailViolation(Map<String, Double> value) { tailViolation = value; return this; }
        public Builder blocking(Map<String, Double> value) { blocking = value; return this; }
        public Builder phi(Double value) { phi = value; return this; }
        public Builder arrivalRatePerSec(Map<String, Double> value) { arrivalRatePerSec = value; return this; }
        public Builder serviceTimeMs(Map<String, Double> value) { serviceTimeMs = value; return this; }
        public Builder utilization(Map<String, Double> value) { utilization = value; return this; }
        public Builder parameters(Map<String, String> value) { parameters = value; return this; }
        public Builder note(String value) { note = value; return this; }
        public Builder reasons(Map<String, String> value) { reasons = value; return this; }
        public Builder nextState(AlgorithmState value) { nextState = value; return this; }

        public AlgorithmDecision build() {
            // The constructor freezes (copies) every map; copying here as well doubled the cost of a decision, so
            // maps that already are naturally sorted (what the algorithms build) are handed over as they are.
            return new AlgorithmDecision(algorithm, windowStartMs, windowEndMs, sorted(targets), sorted(currentReplicas),
                    variant, estimator, sorted(flows), sortedNested(queues), sorted(serviceQueue), sortedNested(tail),
                    sorted(avgViolation), sorted(tailViolation), sorted(blocking), phi, sorted(arrivalRatePerSec),
                    sorted(serviceTimeMs), sorted(utilization), sorted(parameters), note, sorted(reasons), nextState);
        }

        private static <V> SortedMap<String, V> sorted(Map<String, V> map) {
            if (map instanceof SortedMap<String, V> sortedMap && sortedMap.comparator() == null) {
                return sortedMap;
            }
            return new TreeMap<>(map);
        }

        /** The outer map as a sorted map of sorted maps; the constructor copies the inner maps in any case. */
        @SuppressWarnings("unchecked")
        private static SortedMap<String, SortedMap<String, Double>> sortedNested(
                Map<String, ? extends Map<String, Double>> map) {
            if (map instanceof SortedMap<?, ?> sortedMap && sortedMap.comparator() == null
                    && map.values().stream().allMatch(inner -> inner instanceof SortedMap<?, ?>)) {
                return (SortedMap<String, SortedMap<String, Double>>) sortedMap;
            }
            return frozenNested(map);
        }
    }
}
