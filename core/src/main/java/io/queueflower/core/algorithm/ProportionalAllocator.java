package io.queueflower.core.algorithm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Shares a free pool of F pods in proportion to weights b[n] (QueueFlower's blocking scores):
 * {@code target[n] = base + floor(F·b[n]/Σb) + leftover[n]}, then the per-service min/max clamps.
 *
 * <ul>
 *   <li>Leftover pods, F − Σ floors, go out by the {@link LeftoverRule}; largest-remainder compares fractional parts
 *   rounded to 1e-9, so shares that are equal in exact arithmetic tie and the weight, then the name, decide.</li>
 *   <li>Σb = 0 means no information: every service keeps its current replicas (the base when it has none), then the
 *   clamps. The reference would give every service 0 pool pods instead, i.e. scale everything down to the base.</li>
 *   <li>A negative weight (possible with unclipped violations) counts as 0: it cannot take pods from others, and the
 *   reference's int(negative) would give negative pod counts.</li>
 *   <li>Shares within 1e-9 (relative) of an integer are snapped to it before the floor, so float noise such as
 *   19.999999999 does not lose a pod to the leftover rule; largest-remainder would give it back anyway, random would
 *   not.</li>
 * </ul>
 */
public final class ProportionalAllocator {
    private static final double SNAP = 1e-9;

    private final LeftoverRule rule;
    private final long seed;

    public ProportionalAllocator(LeftoverRule rule, long seed) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.seed = seed;
    }

    /**
     * Allocates.
     *
     * @param weights  service → b[n]; its keys are the services that get targets
     * @param freePool F, pods to share, >= 0
     * @param base     replicas every service gets first, >= 0
     * @param current  service → current replicas, used when Σb = 0
     * @param bounds   clamps applied last
     */
    public Allocation allocate(Map<String, Double> weights, int freePool, int base, Map<String, Integer> current,
                               AllocationBounds bounds) {
        if (freePool < 0 || base < 0) {
            throw new IllegalArgumentException("free pool and base replicas must be >= 0, got " + freePool + " and " + base);
        }
        TreeMap<String, Double> positive = new TreeMap<>();
        double total = 0;
        for (Map.Entry<String, Double> weight : weights.entrySet()) {
            double w = weight.getValue();
            if (Double.isNaN(w) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weight of " + weight.getKey() + " must be finite, got " + w);
            }
            positive.put(weight.getKey(), Math.max(0, w));
            total += Math.max(0, w);
        }
        TreeMap<String, Integer> targets = new TreeMap<>();
        if (!(total > 0)) {
            for (String service : positive.keySet()) {
                targets.put(service, bounds.clamp(service, current.getOrDefault(service, base)));
            }
            return new Allocation(targets, new TreeMap<>(), true);
        }

        TreeMap<String, Integer> shares = new TreeMap<>();
        TreeMap<String, Double> fractions = new TreeMap<>();
        int given = 0;
        for (Map.Entry<String, Double> weight : positive.entrySet()) {
            double exact = freePool * weight.getValue() / total;
            double nearest = Math.rint(exact);
            if (Math.abs(exact - nearest) <= SNAP * Math.max(1, exact)) {
                exact = nearest;
            }
            int floor = (int) Math.floor(exact);
            shares.put(weight.getKey(), floor);
            fractions.put(weight.getKey(), exact - floor);
            given += floor;
        }
        if (given > freePool) {
            throw new IllegalStateException("floors " + given + " exceed the free pool " + freePool); // cannot happen
        }
        distributeLeftover(freePool - given, positive, shares, fractions, total);

        shares.forEach((service, share) -> targets.put(service, bounds.clamp(service, base + share)));
        return new Allocation(targets, shares, false);
    }

    private void distributeLeftover(int leftover, TreeMap<String, Double> weights, TreeMap<String, Integer> shares,
                                    TreeMap<String, Double> fractions, double total) {
        if (leftover == 0) {
            return;
        }
        List<String> eligible = weights.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
        switch (rule) {
            case LARGEST_REMAINDER -> {
                // Sort keys computed once per service: looking them up in the maps inside the comparator made this
                // sort the largest cost of a decision at 1,000 services (n log n map look-ups of n log n each).
                record Candidate(String service, long fraction, double weight) {
                }
                List<Candidate> order = new ArrayList<>(eligible.size());
                for (String service : eligible) {
                    // fractions compared at 1e-9 so float noise cannot break an exact tie that the next rule decides
                    order.add(new Candidate(service, Math.round(fractions.get(service) * 1e9), weights.get(service)));
                }
                order.sort(Comparator.comparingLong(Candidate::fraction).reversed()
                        .thenComparing(Comparator.comparingDouble(Candidate::weight).reversed())
                        .thenComparing(Candidate::service));
                for (int i = 0; i < leftover; i++) {
                    shares.merge(order.get(i % order.size()).service(), 1, Integer::sum);
                }
            }
            case LARGEST_SHARE -> {
                String largest = eligible.stream().max(Comparator.<String>comparingInt(shares::get)
                        .thenComparing(Comparator.<String>reverseOrder())).orElseThrow();
                shares.merge(largest, leftover, Integer::sum);
            }
            case RANDOM -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (int i = 0; i < leftover; i++) {
                    double draw = random.nextDouble() * total;
                    double cumulative = 0;
                    String chosen = eligible.get(eligible.size() - 1);
                    for (String service : eligible) {
                        cumulative += weights.get(service);
                        if (draw < cumulative) {
                            chosen = service;
                            break;
                        }
                    }
                    shares.merge(chosen, 1, Integer::sum);
                }
            }
        }
    }
}
