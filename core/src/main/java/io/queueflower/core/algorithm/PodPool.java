package io.queueflower.core.algorithm;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pods every algorithm shares out, and the services it may give them to: Σ base + F pods, base replicas first.
 *
 * @param freePool         F, pods shared out beyond the base replicas
 * @param baseReplicas     replicas every service gets before the pool
 * @param excludedServices services never scaled; their exclusive time still counts in the flows' latency sums
 * @param bounds           per-service min/max clamps
 */
public record PodPool(int freePool, int baseReplicas, SortedSet<String> excludedServices, AllocationBounds bounds) {
    public PodPool {
        if (freePool < 0) {
            throw new IllegalArgumentException("free pool must be >= 0, got " + freePool);
        }
        if (baseReplicas < 0) {
            throw new IllegalArgumentException("base replicas must be >= 0, got " + baseReplicas);
        }
        excludedServices = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(excludedServices)));
        Objects.requireNonNull(bounds, "bounds");
    }

    /** The pool as decision parameters. */
    Map<String, String> parameters() {
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("freePool", Integer.toString(freePool));
        parameters.put("baseReplicas", Integer.toString(baseReplicas));
        if (!excludedServices.isEmpty()) {
            parameters.put("excludedServices", String.join(",", excludedServices));
        }
        return parameters;
    }
}
