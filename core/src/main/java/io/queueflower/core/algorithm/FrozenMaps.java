package io.queueflower.core.algorithm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Sorted, unmodifiable copies for the decision records (a record's maps must not change under its reader). */
final class FrozenMaps {
    private FrozenMaps() {
    }

    static <V> SortedMap<String, V> of(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map == null ? Map.of() : map));
    }

    static SortedMap<String, SortedMap<String, Double>> nested(Map<String, ? extends Map<String, Double>> map) {
        TreeMap<String, SortedMap<String, Double>> copy = new TreeMap<>();
        if (map != null) {
            map.forEach((key, inner) -> copy.put(key, of(inner)));
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /** A copy for Avro's builders, in key order so a record's bytes do not depend on hashing. */
    static Map<String, Map<String, Double>> mutableNested(Map<String, ? extends Map<String, Double>> map) {
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        map.forEach((key, inner) -> copy.put(key, new LinkedHashMap<>(inner)));
        return copy;
    }
}
