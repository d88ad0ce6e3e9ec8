package io.queueflower.core.safety;

import java.util.Map;
import java.util.TreeMap;

/** Per-Deployment replica bounds with a default for every Deployment not named. */
public record BoundsTable(ReplicaBounds defaults, Map<DeploymentRef, ReplicaBounds> overrides) {
    public BoundsTable {
        overrides = Map.copyOf(overrides);
    }

    public static BoundsTable uniform(ReplicaBounds bounds) {
        return new BoundsTable(bounds, Map.of());
    }

    /**
     * Parses {@code namespace/deployment=min:max} entries (as a list, e.g. from a comma-separated key) on top of
     * {@code defaults}.
     */
    public static BoundsTable parse(ReplicaBounds defaults, Iterable<String> entries) {
        Map<DeploymentRef, ReplicaBounds> overrides = new TreeMap<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("bounds entry '" + entry
                        + "' is not of the form namespace/deployment=min:max");
            }
            DeploymentRef ref = DeploymentRef.parse(entry.substring(0, eq).trim());
            if (overrides.put(ref, ReplicaBounds.parse(entry.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("bounds for " + ref + " are given twice");
            }
        }
        return new BoundsTable(defaults, overrides);
    }

    public ReplicaBounds boundsFor(DeploymentRef ref) {
        return overrides.getOrDefault(ref, defaults);
    }
}
