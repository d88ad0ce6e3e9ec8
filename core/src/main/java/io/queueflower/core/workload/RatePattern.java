package io.queueflower.core.workload;

/**
 * A request rate that may change over time: the arrival intensity λ(t), in requests per second, of a workload that
 * starts at t = 0.
 *
 * <p>Besides the rate itself a pattern gives its integral Λ(t) = ∫₀ᵗ λ and the inverse of that integral, because both
 * consumers need exactly those:
 * <ul>
 *   <li>the HTTP load generator sends its n-th request (n = 1, 2, …) at the instant Λ(t) reaches n, so the send
 *       schedule follows every rate change exactly ({@link ArrivalSchedule});</li>
 *   <li>a simulator can draw a Poisson arrival process with this intensity by the time-rescaling theorem: if
 *       S₁ &lt; S₂ &lt; … are the points of a unit-rate Poisson process (sums of Exp(1) draws), then
 *       {@code timeOfExpectedArrivals(Sₖ)} are the points of a Poisson process with intensity λ(t).</li>
 * </ul>
 * Patterns are immutable values; parse them from the command-line spec or CSV with {@link RatePatterns}.
 */
public interface RatePattern {

    /** λ(t): requests per second at {@code seconds} after the start (never negative). */
    double rateAt(double seconds);

    /** Λ(t) = ∫₀ᵗ λ(s) ds: the expected number of requests in the first {@code seconds}. */
    double expectedArrivals(double seconds);

    /**
     * The inverse of {@link #expectedArrivals}: the smallest t ≥ 0 with Λ(t) ≥ {@code count}, or
     * {@link Double#POSITIVE_INFINITY} when the rate drops to zero for good before Λ reaches {@code count}.
     */
    double timeOfExpectedArrivals(double count);

    /** The canonical spec string; {@link RatePatterns#parse} reads it back to an equal pattern. */
    String spec();

    /** Parses a built-in spec ({@code constant:…}, {@code step:…}, {@code ramp:…}, {@code sine:…}). */
    static RatePattern parse(String spec) {
        return RatePatterns.parse(spec);
    }
}
