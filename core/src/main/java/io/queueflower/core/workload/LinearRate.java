package io.queueflower.core.workload;

import java.util.List;

/**
 * A piecewise-linear rate through points (time, rate): straight between consecutive points, the last rate held for
 * ever. This is how traffic usually moves between two levels, over minutes rather than at an instant, and with
 * points 0 s apart it can hold a level between ramps ({@code linear:0s=20,840s=20,1140s=4}).
 */
public record LinearRate(List<StepRate.Step> points) implements RatePattern {

    public LinearRate {
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("linear pattern: needs at least one point");
        }
        if (points.get(0).startSeconds() != 0.0) {
            throw new IllegalArgumentException("linear pattern: the first point must be at 0s, not at "
                    + Durations.format(points.get(0).startSeconds()));
        }
        for (int i = 0; i < points.size(); i++) {
            StepRate.Step point = points.get(i);
            RatePatterns.requireRate(point.requestsPerSecond(), "linear point " + (i + 1) + " rate");
            if (!Double.isFinite(point.startSeconds())) {
                throw new IllegalArgumentException("linear pattern: point " + (i + 1) + " time is not finite");
            }
            if (i > 0 && !(point.startSeconds() > points.get(i - 1).startSeconds())) {
                throw new IllegalArgumentException("linear pattern: point " + (i + 1) + " at "
                        + Durations.format(point.startSeconds()) + " is not after the previous point ("
                        + Durations.format(points.get(i - 1).startSeconds()) + ")");
            }
        }
    }

    @Override
    public double rateAt(double seconds) {
        if (seconds <= 0) {
            return points.get(0).requestsPerSecond();
        }
        for (int i = 0; i + 1 < points.size(); i++) {
            StepRate.Step a = points.get(i);
            StepRate.Step b = points.get(i + 1);
            if (seconds < b.startSeconds()) {
                double f = (seconds - a.startSeconds()) / (b.startSeconds() - a.startSeconds());
                return a.requestsPerSecond() + f * (b.requestsPerSecond() - a.requestsPerSecond());
            }
        }
        return points.get(points.size() - 1).requestsPerSecond();
    }

    @Override
    public double expectedArrivals(double seconds) {
        if (seconds <= 0) {
            return 0.0;
        }
        double total = 0;
        for (int i = 0; i + 1 < points.size(); i++) {
            StepRate.Step a = points.get(i);
            StepRate.Step b = points.get(i + 1);
            double end = Math.min(seconds, b.startSeconds());
            total += (a.requestsPerSecond() + rateAt(end)) / 2 * (end - a.startSeconds());
            if (seconds <= b.startSeconds()) {
                return total;
            }
        }
        StepRate.Step last = points.get(points.size() - 1);
        return total + last.requestsPerSecond() * (seconds - last.startSeconds());
    }

    @Override
    public double timeOfExpectedArrivals(double count) {
        if (count <= 0) {
            return 0.0;
        }
        double before = 0;
        for (int i = 0; i + 1 < points.size(); i++) {
            StepRate.Step a = points.get(i);
            StepRate.Step b = points.get(i + 1);
            double length = b.startSeconds() - a.startSeconds();
            double inSegment = (a.requestsPerSecond() + b.requestsPerSecond()) / 2 * length;
            if (inSegment > 0 && before + inSegment >= count) {
                // Solve r0·x + (slope/2)·x² = remaining for x in [0, length].
                double remaining = count - before;
                double r0 = a.requestsPerSecond();
                double slope = (b.requestsPerSecond() - r0) / length;
                double x;
                if (Math.abs(slope) < 1e-12) {
                    x = remaining / r0;
                } else {
                    double discriminant = Math.max(0, r0 * r0 + 2 * slope * remaining);
                    // the root r0 ... written to avoid cancellation when slope is small
                    x = 2 * remaining / (r0 + Math.sqrt(discriminant));
                }
                return a.startSeconds() + Math.min(length, Math.max(0, x));
            }
            before += inSegment;
        }
        StepRate.Step last = points.get(points.size() - 1);
        if (last.requestsPerSecond() <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return last.startSeconds() + (count - before) / last.requestsPerSecond();
    }

    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder("linear:");
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(Durations.format(points.get(i).startSeconds())).append('=')
                    .append(Durations.stripZeros(points.get(i).requestsPerSecond()));
        }
        return sb.toString();
    }
}
