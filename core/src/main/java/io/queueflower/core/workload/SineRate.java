package io.queueflower.core.workload;

/**
 * A rate oscillating around {@code meanRate}: λ(t) = mean + amplitude·sin(2πt / period). The amplitude may not exceed
 * the mean, since a rate cannot be negative.
 */
public record SineRate(double meanRate, double amplitude, double periodSeconds) implements RatePattern {
    public SineRate {
        RatePatterns.requireRate(meanRate, "sine 'mean'");
        RatePatterns.requireRate(amplitude, "sine 'amplitude'");
        if (amplitude > meanRate) {
            throw new IllegalArgumentException("sine: amplitude " + Durations.stripZeros(amplitude)
                    + " exceeds mean " + Durations.stripZeros(meanRate) + ", which would make the rate negative");
        }
        if (!(periodSeconds > 0) || !Double.isFinite(periodSeconds)) {
            throw new IllegalArgumentException("sine 'period': must be a positive duration, got " + periodSeconds + "s");
        }
    }

    private double omega() {
        return 2.0 * Math.PI / periodSeconds;
    }

    @Override
    public double rateAt(double seconds) {
        return Math.max(0.0, meanRate + amplitude * Math.sin(omega() * Math.max(0.0, seconds)));
    }

    @Override
    public double expectedArrivals(double seconds) {
        if (seconds <= 0) {
            return 0.0;
        }
        return meanRate * seconds + amplitude / omega() * (1.0 - Math.cos(omega() * seconds));
    }

    @Override
    public double timeOfExpectedArrivals(double count) {
        if (count <= 0) {
            return 0.0;
        }
        if (meanRate == 0) {
            return Double.POSITIVE_INFINITY;
        }
        // Λ has no closed-form inverse. Λ(t) − mean·t lies in [0, 2·amplitude/ω], which brackets the root; Newton
        // steps (Λ' = λ) converge fast, and bisection takes over whenever a step leaves the bracket or λ ≈ 0.
        double lo = Math.max(0.0, (count - 2.0 * amplitude / omega()) / meanRate);
        double hi = count / meanRate;
        double t = 0.5 * (lo + hi);
        double tolerance = 8 * Math.ulp(count);
        for (int i = 0; i < 200; i++) {
            double f = expectedArrivals(t) - count;
            if (Math.abs(f) <= tolerance) {
                return t;
            }
            if (f < 0) {
                lo = t;
            } else {
                hi = t;
            }
            if (hi - lo <= 2 * Math.ulp(hi)) {
                break;
            }
            double rate = rateAt(t);
            double next = rate > 0 ? t - f / rate : Double.NaN;
            t = next > lo && next < hi ? next : 0.5 * (lo + hi);
        }
        return t;
    }

    @Override
    public String spec() {
        return "sine:mean=" + Durations.stripZeros(meanRate) + ",amplitude=" + Durations.stripZeros(amplitude)
                + ",period=" + Durations.format(periodSeconds);
    }
}
