package io.queueflower.core.algorithm;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The result of sharing out a free pool.
 *
 * @param targets service → replicas after clamps
 * @param shares  service → pods of the pool given (floor plus leftover), before clamps; empty when kept
 * @param kept    true when Σb was 0, so the current replicas were kept
 */
public record Allocation(SortedMap<String, Integer> targets, SortedMap<String, Integer> shares, boolean kept) {
    public Allocation {
        targets = Collections.unmodifiableSortedMap(new TreeMap<>(targets));
        shares = Collections.unmodifiableSortedMap(new TreeMap<>(shares));
    }
}
