package io.queueflower.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PoissonArrivalsTest {

    @Test
    void countsPerWindowHavePoissonMeanAndVarianceFollowingThePattern() {
        // 200/s for 10 s, then 50/s: window counts should have mean = variance = Λ over the window.
        RatePattern pattern = RatePatterns.parse("step:0s=200,10s=50");
        int runs = 400;
        double[] early = new double[runs];
        double[] late = new double[runs];
        for (int run = 0; run < runs; run++) {
            PoissonArrivals arrivals = new PoissonArrivals(pattern, run);
            for (double t = arrivals.next(); t < 20; t = arrivals.next()) {
                if (t >= 2 && t < 3) {
                    early[run]++;
                } else if (t >= 15 && t < 16) {
                    late[run]++;
                }
            }
        }
        assertMeanAndVariance(early, 200);
        assertMeanAndVariance(late, 50);
    }

    @Test
    void gapsAtAConstantRateAreExponential() {
        PoissonArrivals arrivals = new PoissonArrivals(new ConstantRate(1000), 9);
        int n = 100_000;
        double previous = 0;
        int longerThanMean = 0;
        for (int i = 0; i < n; i++) {
            double t = arrivals.next();
            assertThat(t).isGreaterThan(previous);
            if (t - previous > 0.001) {
                longerThanMean++;
            }
            previous = t;
        }
        assertThat(previous).isCloseTo(n / 1000.0, within(5 * Math.sqrt(n) / 1000.0));
        // P(gap > mean) = e⁻¹ for an exponential gap.
        assertThat(longerThanMean / (double) n).isCloseTo(Math.exp(-1), within(0.01));
    }

    @Test
    void stopsWhenTheRateStaysAtZero() {
        PoissonArrivals arrivals = new PoissonArrivals(RatePatterns.parse("step:0s=100,1s=0"), 3);
        double t = 0;
        int count = 0;
        while ((t = arrivals.next()) < Double.POSITIVE_INFINITY) {
            assertThat(t).isLessThanOrEqualTo(1.0);
            count++;
        }
        assertThat(count).isBetween(60, 140);
    }

    private static void assertMeanAndVariance(double[] counts, double expected) {
        double mean = 0;
        for (double c : counts) {
            mean += c / counts.length;
        }
        double variance = 0;
        for (double c : counts) {
            variance += (c - mean) * (c - mean) / (counts.length - 1);
        }
        double n = counts.length;
        assertThat(mean).isCloseTo(expected, within(5 * Math.sqrt(expected / n)));
        // The sample variance of n Poisson counts has standard error ≈ λ·√(2/(n−1)).
        assertThat(variance).isCloseTo(expected, within(5 * expected * Math.sqrt(2 / (n - 1))));
    }
}
