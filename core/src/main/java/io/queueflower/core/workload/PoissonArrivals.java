package io.queueflower.core.workload;

import java.util.SplittableRandom;

/**
 * Arrival times of a (non-homogeneous) Poisson process whose intensity is a {@link RatePattern}, drawn by time
 * rescaling: the points Sₖ of a unit-rate Poisson process (running sums of Exp(1) draws) are mapped through the
 * inverse integral Λ⁻¹. Unlike thinning this needs no bound on the rate and draws exactly one variate per arrival.
 * Seeded and not thread-safe: one instance per consumer.
 */
public final class PoissonArrivals {
    private final RatePattern pattern;
    private final SplittableRandom random;
    private double unitTime;

    public PoissonArrivals(RatePattern pattern, SplittableRandom random) {
        this.pattern = pattern;
        this.random = random;
    }

    public PoissonArrivals(RatePattern pattern, long seed) {
        this(pattern, new SplittableRandom(seed));
    }

    /** Seconds after the start of the next arrival; {@link Double#POSITIVE_INFINITY} once the rate stays at zero. */
    public double next() {
        // 1 − U lies in (0, 1], so the logarithm is finite.
        unitTime += -Math.log(1.0 - random.nextDouble());
        return pattern.timeOfExpectedArrivals(unitTime);
    }
}
