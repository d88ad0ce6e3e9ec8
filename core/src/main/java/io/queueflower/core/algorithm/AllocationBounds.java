package io.queueflower.core.algorithm;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Per-service replica clamps applied after every algorithm: a per-service entry wins over the default.
 *
 * @param min        service → minimum replicas
 * @param max        service → maximum replicas
 * @param defaultMin minimum for services without an entry (default 0: no clamp)
 * @param defaultMax maximum for services without an entry (default {@link Integer#MAX_VALUE}: no clamp)
 */
public record AllocationBounds(SortedMap<String, Integer> min, SortedMap<String, Integer> max, int defaultMin, int defaultMax) {
    /** No clamp at all. */
    public static final AllocationBounds NONE = new AllocationBounds(Map.of(), Map.of(), 0, Integer.MAX_VALUE);

    public AllocationBounds(Map<String, Integer> min, Map<String, Integer> max, int defaultMin, int defaultMax) {
        this(new TreeMap<>(min), new TreeMap<>(max), defaultMin, defaultMax);
    }

    public AllocationBounds {
        min = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(min, "min")));
        max = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(max, "max")));
        if (defaultMin < 0 || defaultMax < defaultMin) {
            throw new IllegalArgumentException("default replica bounds need 0 <= min <= max, got [" + defaultMin + ", "
                    + defaultMax + "]");
        }
        TreeMap<String, Integer> services = new TreeMap<>(min);
        services.putAll(max);
        for (String service : services.keySet()) {
            int low = min.getOrDefault(service, defaultMin);
            int high = max.getOrDefault(service, defaultMax);
            if (low < 0 || high < low) {
                throw new IllegalArgumentException("replica bounds of service " + service + " need 0 <= min <= max, got ["
                        + low + ", " + high + "]");
            }
        }
    }

    public int minFor(String service) {
        return min.getOrDefault(service, defaultMin);
    }

    public int maxFor(String service) {
        return max.getOrDefault(service, defaultMax);
    }

    /** The value held within the service's bounds. */
    public int clamp(String service, int replicas) {
        return Math.max(minFor(service), Math.min(maxFor(service), replicas));
    }
}
