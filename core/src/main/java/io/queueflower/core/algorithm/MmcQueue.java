package io.queueflower.core.algorithm;

/**
 * The M/M/c queue as the balanced QueueFlower's model of one service: c servers (pods × concurrency), offered load
 * {@code a = λ·s} in busy servers. Mean number in system {@code L(a, c) = a + C(c, a)·a/(c − a)} with Erlang C's
 * probability of waiting C, computed through Erlang B's stable recursion ({@code B_k = a·B_{k−1}/(k + a·B_{k−1})},
 * then {@code C = c·B/(c − a·(1 − B))}), which needs no factorials and is exact to rounding for thousands of servers.
 *
 * <p>Why this model: exclusive times in traces give the number of a service's requests in system by Little's law
 * (L = λ·W) but not the service time; the model turns L and the servers that produced it into the offered load, and
 * the offered load into the L that another number of pods would give. Processor-sharing pods with least-request
 * balancing have the same mean number in system as the pooled M/M/c for exponential work and are insensitive to the
 * work's distribution, so the one model covers both disciplines the simulator has.
 *
 * <p>Written by hand because no library served here has Erlang C (Apache Commons Math has Poisson and Erlang
 * distributions, not the queue).
 */
public final class MmcQueue {
    /** L beyond which an inversion gives the saturation load, and the cost of an unstable queue's base. */
    private static final int BISECTION_STEPS = 100;

    private MmcQueue() {
    }

    /**
     * Mean number in system.
     *
     * @param offeredLoad a = λ·s, busy servers, >= 0
     * @param servers     c, >= 1
     * @return L, or +∞ when a >= c (no steady state)
     */
    public static double meanInSystem(double offeredLoad, int servers) {
        if (!(offeredLoad >= 0) || servers < 1) {
            throw new IllegalArgumentException("M/M/c needs a >= 0 and c >= 1, got a=" + offeredLoad + " c=" + servers);
        }
        if (offeredLoad == 0) {
            return 0;
        }
        if (offeredLoad >= servers) {
            return Double.POSITIVE_INFINITY;
        }
        return offeredLoad + probabilityOfWaiting(offeredLoad, servers) * offeredLoad / (servers - offeredLoad);
    }

    /** Erlang C: the probability that an arrival waits, for a < c. */
    public static double probabilityOfWaiting(double offeredLoad, int servers) {
        if (offeredLoad >= servers) {
            return 1;
        }
        double b = 1;
        for (int k = 1; k <= servers; k++) {
            b = offeredLoad * b / (k + offeredLoad * b);
        }
        return servers * b / (servers - offeredLoad * (1 - b));
    }

    /**
     * The offered load that gives a mean number in system of {@code inSystem} on {@code servers} servers: the
     * inverse of {@link #meanInSystem} in a, by bisection (L is increasing in a, from 0 at a = 0 to +∞ as a → c,
     * and L >= a, so the root lies in [0, min(L, c))).
     *
     * @return a in [0, c); values of L too large to tell apart from saturation give a just below c
     */
    public static double offeredLoad(double inSystem, int servers) {
        if (!(inSystem >= 0) || servers < 1) {
            throw new IllegalArgumentException("inverting M/M/c needs L >= 0 and c >= 1, got L=" + inSystem
                    + " c=" + servers);
        }
        if (inSystem == 0) {
            return 0;
        }
        double low = 0;
        double high = Math.min(inSystem, servers);
        for (int i = 0; i < BISECTION_STEPS; i++) {
            double mid = (low + high) / 2;
            if (meanInSystem(mid, servers) < inSystem) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }
}
