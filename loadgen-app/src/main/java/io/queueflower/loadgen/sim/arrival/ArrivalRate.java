package io.queueflower.loadgen.sim.arrival;

/**
 * The arrival intensity λ(t) of the simulated workload, in requests per second, t in seconds from the start.
 *
 * <p>The method names match {@code io.queueflower.loadgen.workload.RatePattern} of the HTTP load generator, so a
 * rate pattern adapts to this with method references; the simulator draws its Poisson arrivals by the
 * time-rescaling theorem (unit-rate Poisson points mapped through the inverse of Λ), which needs exactly Λ and its
 * inverse.
 */
public interface ArrivalRate {
    /** λ(t) >= 0. */
    double rateAt(double seconds);

    /** Λ(t) = ∫₀ᵗ λ(s) ds. */
    double expectedArrivals(double seconds);

    /** The smallest t with Λ(t) >= count, or +∞ when the rate stays 0 before Λ reaches it. */
    double timeOfExpectedArrivals(double count);

    /** A spec that {@link ArrivalRates#parse} reads back, for reports. */
    String spec();
}
