package io.queueflower.core.algorithm;

import io.queueflower.core.estimate.WindowSnapshot;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** The services a decision covers. */
final class Services {
    private Services() {
    }

    /**
     * The services seen in the window or present in the current replicas, minus the excluded ones: a service without
     * traces in the window still gets a target (the base, or its share of nothing), so it is never silently left out.
     */
    static SortedSet<String> universe(WindowSnapshot window, Map<String, Integer> current, Set<String> excluded) {
        TreeSet<String> services = new TreeSet<>(window.pairs().keySet());
        services.addAll(current.keySet());
        services.removeAll(excluded);
        return Collections.unmodifiableSortedSet(services);
    }
}
