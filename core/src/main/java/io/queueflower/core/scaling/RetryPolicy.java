package io.queueflower.core.scaling;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter for retryable API errors: the n-th retry waits
 * {@code min(maxBackoff, initialBackoff * 2^(n-1))}, reduced by a random fraction of up to {@code jitter} so that
 * several scalers (or a scaler and the HPA controller) hitting the same throttled API server spread out.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, got " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("max backoff " + maxBackoff + " is below initial backoff " + initialBackoff);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within [0, 1], got " + jitter);
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry); {@code random} yields [0, 1). */
    public Duration delayBeforeRetry(int retry, DoubleSupplier random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
        }
        long cap = maxBackoff.toMillis();
        long exponential = initialBackoff.toMillis();
        for (int i = 1; i < retry && exponential < cap; i++) {
            exponential *= 2;
        }
        long capped = Math.min(cap, exponential);
        return Duration.ofMillis(Math.round(capped * (1 - jitter * random.getAsDouble())));
    }
}
