package io.queueflower.core.workload;

/**
 * When each request of an open-loop run is due: request n (n = 1, 2, …) at the instant the pattern's expected count
 * Λ(t) reaches n. A constant rate R thus gives n/R, and a rate change moves the very next send time, so the schedule
 * follows the pattern exactly and sends ⌊Λ(t)⌋ requests by any time t.
 */
public final class ArrivalSchedule {
    private static final double NANOS_PER_SECOND = 1e9;

    private final RatePattern pattern;

    public ArrivalSchedule(RatePattern pattern) {
        this.pattern = pattern;
    }

    public RatePattern pattern() {
        return pattern;
    }

    /** Nanoseconds after the start at which request {@code n} (≥ 1) is due; {@link Long#MAX_VALUE} if never. */
    public long dueNanos(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("request numbers start at 1, got " + n);
        }
        double seconds = pattern.timeOfExpectedArrivals(n);
        if (!Double.isFinite(seconds) || seconds * NANOS_PER_SECOND >= Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.round(seconds * NANOS_PER_SECOND);
    }

    /** How many requests are due strictly before {@code durationNanos}: the size of a run of that length. */
    public long countDueBefore(long durationNanos) {
        long n = (long) Math.floor(pattern.expectedArrivals(durationNanos / NANOS_PER_SECOND));
        // Λ and its inverse are computed in floating point, so settle the boundary with the same rounding that
        // dueNanos applies: every request counted here is one a run will actually schedule.
        while (dueNanos(n + 1) < durationNanos) {
            n++;
        }
        while (n > 0 && dueNanos(n) >= durationNanos) {
            n--;
        }
        return n;
    }
}
