package io.queueflower.core.scaling;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The part of a ScalingDecision the scaler acts on: replica targets for Deployments of one namespace, computed for
 * the window ending at {@code windowEnd} (epoch ms).
 */
public record Decision(String decisionId, String namespace, long windowEnd, String algorithm,
                       Map<String, Integer> targets) {
    public Decision {
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
}
