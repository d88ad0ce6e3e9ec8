package io.queueflower.loadgen.sim.arrival;

import java.util.List;
import java.util.StringJoiner;

/**
 * A piecewise-constant rate: {@code rates[i]} requests/s from {@code starts[i]} seconds until the next start, the last
 * one forever. A constant rate is the one-step case.
 */
public final class StepArrivalRate implements ArrivalRate {
    private final double[] starts;
    private final double[] rates;
    /** Λ at each start. */
    private final double[] cumulative;
    private final String spec;

    /** A step in the pattern. */
    public record Step(double startSeconds, double rate) {
    }

    public StepArrivalRate(List<Step> steps, String spec) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a step rate needs at least one step");
        }
        if (steps.get(0).startSeconds() != 0) {
            throw new IllegalArgumentException("the first step must start at 0 s, got " + steps.get(0).startSeconds());
        }
        starts = new double[steps.size()];
        rates = new double[steps.size()];
        cumulative = new double[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (!(step.rate() >= 0) || !Double.isFinite(step.rate())) {
                throw new IllegalArgumentException("rate at " + step.startSeconds() + " s must be a finite number >= 0,"
                        + " got " + step.rate());
            }
            if (i > 0 && !(step.startSeconds() > starts[i - 1])) {
                throw new IllegalArgumentException("step starts must increase: " + step.startSeconds() + " s after "
                        + starts[i - 1] + " s");
            }
            starts[i] = step.startSeconds();
            rates[i] = step.rate();
            cumulative[i] = i == 0 ? 0 : cumulative[i - 1] + rates[i - 1] * (starts[i] - starts[i - 1]);
        }
        this.spec = spec;
    }

    public static StepArrivalRate constant(double rate) {
        return new StepArrivalRate(List.of(new Step(0, rate)), "constant:" + strip(rate));
    }

    public static StepArrivalRate of(List<Step> steps) {
        StringJoiner spec = new StringJoiner(",", "step:", "");
        steps.forEach(s -> spec.add(strip(s.startSeconds()) + "s=" + strip(s.rate())));
        return new StepArrivalRate(steps, steps.size() == 1 ? "constant:" + strip(steps.get(0).rate()) : spec.toString());
    }

    private int segment(double seconds) {
        int low = 0;
        int high = starts.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (starts[mid] <= seconds) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    @Override
    public double rateAt(double seconds) {
        return seconds < 0 ? 0 : rates[segment(seconds)];
    }

    @Override
    public double expectedArrivals(double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        int i = segment(seconds);
        return cumulative[i] + rates[i] * (seconds - starts[i]);
    }

    @Override
    public double timeOfExpectedArrivals(double count) {
        if (count <= 0) {
            return 0;
        }
        for (int i = 0; i < starts.length; i++) {
            double end = i + 1 < starts.length ? cumulative[i + 1] : Double.POSITIVE_INFINITY;
            if (count <= end && rates[i] > 0) {
                return starts[i] + (count - cumulative[i]) / rates[i];
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec;
    }

    static String strip(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
