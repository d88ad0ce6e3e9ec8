package io.queueflower.core.workload;

/** A linear ramp from {@code fromRate} to {@code toRate} over {@code overSeconds}, then {@code toRate} for ever. */
public record RampRate(double fromRate, double toRate, double overSeconds) implements RatePattern {
    public RampRate {
        RatePatterns.requireRate(fromRate, "ramp 'from'");
        RatePatterns.requireRate(toRate, "ramp 'to'");
        if (!(overSeconds > 0) || !Double.isFinite(overSeconds)) {
            throw new IllegalArgumentException("ramp 'over': must be a positive duration, got " + overSeconds + "s");
        }
    }

    private double slope() {
        return (toRate - fromRate) / overSeconds;
    }

    @Override
    public double rateAt(double seconds) {
        if (seconds >= overSeconds) {
            return toRate;
        }
        return fromRate + slope() * Math.max(0.0, seconds);
    }

    @Override
    public double expectedArrivals(double seconds) {
        if (seconds <= 0) {
            return 0.0;
        }
        double t = Math.min(seconds, overSeconds);
        double ramp = fromRate * t + 0.5 * slope() * t * t;
        return ramp + (seconds > overSeconds ? toRate * (seconds - overSeconds) : 0.0);
    }

    @Override
    public double timeOfExpectedArrivals(double count) {
        if (count <= 0) {
            return 0.0;
        }
        double duringRamp = 0.5 * (fromRate + toRate) * overSeconds;
        if (count > duringRamp) {
            return toRate == 0 ? Double.POSITIVE_INFINITY : overSeconds + (count - duringRamp) / toRate;
        }
        // Solve fromRate·t + slope·t²/2 = count. The form 2c / (b + √(b² + 2ac)) is the quadratic root without the
        // cancellation that −b + √(…) suffers when the slope is small; it also covers slope = 0 and falling ramps.
        double discriminant = Math.max(0.0, fromRate * fromRate + 2.0 * slope() * count);
        return 2.0 * count / (fromRate + Math.sqrt(discriminant));
    }

    @Override
    public String spec() {
        return "ramp:from=" + Durations.stripZeros(fromRate) + ",to=" + Durations.stripZeros(toRate)
                + ",over=" + Durations.format(overSeconds);
    }
}
