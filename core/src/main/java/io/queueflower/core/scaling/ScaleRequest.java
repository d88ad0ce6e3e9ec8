package io.queueflower.core.scaling;

import io.queueflower.avro.ScalingDecision;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The part of a ScalingDecision the scaler acts on: replica targets for Deployments of one namespace, computed for
 * the window ending at {@code windowEnd} (epoch ms).
 */
public record ScaleRequest(String decisionId, String namespace, long windowEnd, String algorithm,
                       Map<String, Integer> targets) {
    public ScaleRequest {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(targets, "targets");
        if (decisionId.isBlank()) {
            throw new IllegalArgumentException("decision id is blank");
        }
        targets.forEach((deployment, replicas) -> {
            if (replicas == null) {
                throw new IllegalArgumentException("decision " + decisionId + ": target for '" + deployment + "' is null");
            }
        });
        // Sorted so Deployments are always handled, and reported, in the same order.
        targets = new TreeMap<>(targets);
    }

    /**
     * The request a {@code qf.decisions} record carries: its id, namespace, window end, algorithm and targets (the
     * scaler app and the simulated scaler read records through here alike).
     *
     * @throws IllegalArgumentException when the record cannot be a decision (no id or namespace, a null target)
     */
    public static ScaleRequest of(ScalingDecision record) {
        return of(null, record);
    }

    /**
     * The request a {@code qf.decisions} record carries, read with its Kafka key: the topic is keyed by namespace, so
     * a record whose key names another namespace is malformed (and goes to the dead-letter topic).
     *
     * @param key the record's key, or null when there is none to check
     * @throws IllegalArgumentException when the record cannot be a decision
     */
    public static ScaleRequest of(String key, ScalingDecision record) {
        if (key != null && record.getNamespace() != null && !key.equals(record.getNamespace())) {
            throw new IllegalArgumentException("record key '" + key + "' is not the decision's namespace '"
                    + record.getNamespace() + "'");
        }
        if (record.getNamespace() == null || record.getDecisionId() == null) {
            throw new IllegalArgumentException("decision without namespace or decisionId");
        }
        Map<String, Integer> targets = new TreeMap<>();
        record.getTargets().forEach((deployment, replicas) -> targets.put(String.valueOf(deployment), replicas));
        return new ScaleRequest(record.getDecisionId(), record.getNamespace(), record.getWindowEnd(),
                record.getAlgorithm(), targets);
    }
}
