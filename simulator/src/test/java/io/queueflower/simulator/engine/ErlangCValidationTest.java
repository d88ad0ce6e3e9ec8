package io.queueflower.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.core.workload.ConstantRate;
import io.queueflower.simulator.TestModels;
import io.queueflower.simulator.model.Discipline;
import io.queueflower.simulator.model.Distribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulated M/M/c queue against Erlang C. The mean wait at high load has a huge variance (the queue's relaxation
 * time grows like 1/(1−√ρ)²), so run lengths grow with ρ: at ρ = 0.95 about 8.5 million customers give a standard
 * error near 0.9 %, which the test checks with batch means, so the 3 % bound is over two standard errors wide and a
 * pass is not luck. Virtual time makes this a few seconds.
 */
class ErlangCValidationTest {
    private static final int SERVERS = 2;
    private static final int BATCHES = 20;

    @ParameterizedTest(name = "M/M/2 at load {0}")
    @CsvSource({"0.5, 1000000", "0.8, 1500000", "0.95, 9000000"})
    void meanWaitMatchesErlangC(double load, double seconds) {
        double lambda = load * SERVERS;
        double expected = TestModels.erlangCMeanWait(SERVERS, lambda, 1.0);
        Simulation simulation = new Simulation(
                TestModels.singleStation(SERVERS, new Distribution.Exponential(1.0), Discipline.FCFS),
                new ConstantRate(lambda), SimulationSettings.defaults(7).withSpans(false), SimulationListener.NONE);

        double warmUp = 2_000; // many relaxation times even at ρ = 0.95 (≈ 800 s for c = 2)
        simulation.runUntil(warmUp);
        double batchLength = (seconds - warmUp) / BATCHES;
        double[] batchMeans = new double[BATCHES];
        double waitSum = 0;
        long customers = 0;
        for (int b = 0; b < BATCHES; b++) {
            simulation.resetStationStats();
            simulation.runUntil(warmUp + (b + 1) * batchLength);
            StationStats stats = simulation.stationStats("queue");
            batchMeans[b] = stats.meanWaitSeconds();
            waitSum += stats.meanWaitSeconds() * stats.completions();
            customers += stats.completions();
        }
        double mean = waitSum / customers;
        double batchAverage = 0;
        for (double m : batchMeans) {
            batchAverage += m / BATCHES;
        }
        double variance = 0;
        for (double m : batchMeans) {
            variance += (m - batchAverage) * (m - batchAverage) / (BATCHES - 1);
        }
        double relativeStandardError = Math.sqrt(variance / BATCHES) / expected;

        assertThat(relativeStandardError)
                .as("run long enough: standard error of the mean wait (batch means) relative to Erlang C")
                .isLessThan(0.015);
        assertThat(mean)
                .as("mean wait over %d customers at load %s (Erlang C %.5f s, relative SE %.2f%%)", customers, load,
                        expected, 100 * relativeStandardError)
                .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(3));
    }
}
