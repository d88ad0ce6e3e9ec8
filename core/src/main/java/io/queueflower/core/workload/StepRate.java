package io.queueflower.core.workload;

import java.util.List;

/**
 * A piecewise-constant rate: each step holds its rate from its start until the next step starts; the last step
 * holds for ever. This is what replaying a trace's per-interval request counts means (the reference replays
 * 2-minute steps), and what both {@code step:} specs and pattern CSV files describe.
 */
public record StepRate(List<Step> steps) implements RatePattern {

    /** From {@code startSeconds} on, the rate is {@code requestsPerSecond}. */
    public record Step(double startSeconds, double requestsPerSecond) {
    }

    public StepRate {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("step pattern: needs at least one step");
        }
        if (steps.get(0).startSeconds() != 0.0) {
            throw new IllegalArgumentException("step pattern: the first step must start at 0s, not at "
                    + Durations.format(steps.get(0).startSeconds()));
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            RatePatterns.requireRate(step.requestsPerSecond(), "step " + (i + 1) + " rate");
            if (i > 0 && !(step.startSeconds() > steps.get(i - 1).startSeconds())) {
                throw new IllegalArgumentException("step pattern: step " + (i + 1) + " starts at "
                        + Durations.format(step.startSeconds()) + ", not after the previous step ("
                        + Durations.format(steps.get(i - 1).startSeconds()) + ")");
            }
            if (!Double.isFinite(step.startSeconds())) {
                throw new IllegalArgumentException("step pattern: step " + (i + 1) + " start is not finite");
            }
        }
    }

    @Override
    public double rateAt(double seconds) {
        return steps.get(stepIndexAt(seconds)).requestsPerSecond();
    }

    @Override
    public double expectedArrivals(double seconds) {
        if (seconds <= 0) {
            return 0.0;
        }
        double total = 0.0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            double end = i + 1 < steps.size() ? Math.min(seconds, steps.get(i + 1).startSeconds()) : seconds;
            if (end <= step.startSeconds()) {
                break;
            }
            total += step.requestsPerSecond() * (end - step.startSeconds());
        }
        return total;
    }

    @Override
    public double timeOfExpectedArrivals(double count) {
        if (count <= 0) {
            return 0.0;
        }
        double before = 0.0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            boolean last = i + 1 == steps.size();
            double inStep = last ? Double.POSITIVE_INFINITY
                    : step.requestsPerSecond() * (steps.get(i + 1).startSeconds() - step.startSeconds());
            if (step.requestsPerSecond() > 0 && before + inStep >= count) {
                return step.startSeconds() + (count - before) / step.requestsPerSecond();
            }
            if (!last) {
                before += inStep;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private int stepIndexAt(double seconds) {
        int index = 0;
        while (index + 1 < steps.size() && steps.get(index + 1).startSeconds() <= seconds) {
            index++;
        }
        return index;
    }

    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder("step:");
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(Durations.format(steps.get(i).startSeconds())).append('=')
                    .append(Durations.stripZeros(steps.get(i).requestsPerSecond()));
        }
        return sb.toString();
    }
}
