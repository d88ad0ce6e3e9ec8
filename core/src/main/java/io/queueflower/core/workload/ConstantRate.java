package io.queueflower.core.workload;

/** The stationary workload: the same rate for the whole run. */
public record ConstantRate(double requestsPerSecond) implements RatePattern {
    public ConstantRate {
        RatePatterns.requireRate(requestsPerSecond, "constant rate");
    }

    @Override
    public double rateAt(double seconds) {
        return requestsPerSecond;
    }

    @Override
    public double expectedArrivals(double seconds) {
        return requestsPerSecond * Math.max(0.0, seconds);
    }

    @Override
    public double timeOfExpectedArrivals(double count) {
        if (count <= 0) {
            return 0.0;
        }
        return requestsPerSecond == 0 ? Double.POSITIVE_INFINITY : count / requestsPerSecond;
    }

    @Override
    public String spec() {
        return "constant:" + Durations.stripZeros(requestsPerSecond);
    }
}
