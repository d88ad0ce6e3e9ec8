package io.queueflower.simulator.model;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A distribution of durations (service times, network delays). Values are drawn in seconds from the caller's
 * generator, so a simulation with a fixed seed draws the same values every time.
 */
public sealed interface Distribution
        permits Distribution.Exponential, Distribution.LogNormal, Distribution.Constant, Distribution.Empirical {

    /** One draw, seconds, never negative. */
    double sample(SplittableRandom random);

    /** The mean, seconds. */
    double mean();

    /** How the model file would name it, for reports. */
    String describe();

    /** Exponential with the given mean (seconds): the M in M/M/c. */
    record Exponential(double mean) implements Distribution {
        public Exponential {
            requirePositive(mean, "exponential mean");
        }

        @Override
        public double sample(SplittableRandom random) {
            return mean * random.nextExponential();
        }

        @Override
        public String describe() {
            return "exponential(mean=" + ms(mean) + ")";
        }
    }

    /**
     * Log-normal with the given mean (seconds) and coefficient of variation: service times of real RPC handlers are
     * right-skewed, and a log-normal with cv around 1 matches them better than an exponential.
     */
    record LogNormal(double mean, double cv) implements Distribution {
        public LogNormal {
            requirePositive(mean, "lognormal mean");
            requirePositive(cv, "lognormal cv");
        }

        private double sigma() {
            return Math.sqrt(Math.log1p(cv * cv));
        }

        @Override
        public double sample(SplittableRandom random) {
            double sigma = sigma();
            double mu = Math.log(mean) - sigma * sigma / 2;
            return Math.exp(mu + sigma * random.nextGaussian());
        }

        @Override
        public String describe() {
            return "lognormal(mean=" + ms(mean) + ", cv=" + cv + ")";
        }
    }

    /** Always the same value (seconds); zero is allowed (e.g. no network delay). */
    record Constant(double value) implements Distribution {
        public Constant {
            if (!(value >= 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("constant value must be a finite duration >= 0, got " + value);
            }
        }

        @Override
        public double sample(SplittableRandom random) {
            return value;
        }

        @Override
        public double mean() {
            return value;
        }

        @Override
        public String describe() {
            return "constant(" + ms(value) + ")";
        }
    }

    /** Draws uniformly among measured samples (seconds): replays a measured service-time distribution as it is. */
    record Empirical(double[] samples) implements Distribution {
        public Empirical {
            if (samples == null || samples.length == 0) {
                throw new IllegalArgumentException("empirical distribution needs at least one sample");
            }
            samples = samples.clone();
            for (double sample : samples) {
                if (!(sample >= 0) || !Double.isFinite(sample)) {
                    throw new IllegalArgumentException("empirical samples must be finite durations >= 0, got " + sample);
                }
            }
        }

        public static Empirical of(List<Double> seconds) {
            return new Empirical(seconds.stream().mapToDouble(Double::doubleValue).toArray());
        }

        @Override
        public double sample(SplittableRandom random) {
            return samples[random.nextInt(samples.length)];
        }

        @Override
        public double mean() {
            return Arrays.stream(samples).average().orElseThrow();
        }

        @Override
        public double[] samples() {
            return samples.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Empirical e && Arrays.equals(samples, e.samples);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(samples);
        }

        @Override
        public String toString() {
            return describe();
        }

        @Override
        public String describe() {
            return "empirical(" + samples.length + " samples, mean=" + ms(mean()) + ")";
        }
    }

    private static void requirePositive(double value, String what) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number > 0, got " + value);
        }
    }

    private static String ms(double seconds) {
        return (Math.round(seconds * 1e6) / 1e3) + "ms";
    }
}
