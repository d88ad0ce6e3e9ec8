package io.queueflower.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.queueflower.avro.Span;
import io.queueflower.core.workload.ConstantRate;
import io.queueflower.simulator.TestModels;
import io.queueflower.simulator.model.Discipline;
import io.queueflower.simulator.model.Distribution;
import io.queueflower.simulator.model.ModelLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Little's law on the simulated data, and processor sharing against its closed form. */
class QueueingLawsTest {
    @Test
    void littlesLawHoldsForEveryStation() {
        Simulation simulation = new Simulation(ModelLoader.defaultModel(), new ConstantRate(45),
                SimulationSettings.defaults(21).withSpans(false), SimulationListener.NONE);
        simulation.runUntil(300);
        simulation.resetStationStats();
        simulation.runUntil(7_500);
        for (String service : simulation.services()) {
            StationStats stats = simulation.stationStats(service);
            double littles = stats.arrivalRate() * stats.meanSojournSeconds();
            assertThat(stats.meanInStation()).as("L of %s vs λW %s", service, littles)
                    .isCloseTo(littles, within(0.01 * littles + 1e-3));
        }
    }

    /**
     * L = λW from the spans alone: the time-average number of requests in the system, computed by sweeping the root
     * spans' intervals, equals the arrival rate times the mean root-span duration (end-to-end latency).
     */
    @Test
    void littlesLawHoldsOnTheEmittedSpans() {
        List<long[]> intervals = new ArrayList<>();
        Simulation simulation = new Simulation(ModelLoader.defaultModel(), new ConstantRate(40),
                SimulationSettings.defaults(8), request -> {
            Span root = request.spans().stream().filter(s -> s.getParentSpanId() == null).findFirst().orElseThrow();
            intervals.add(new long[] {root.getStartMicros(), root.getStartMicros() + root.getDurationMicros()});
        });
        simulation.runUntil(1_800);
        simulation.drain();
        long from = simulation.epochMicros(200);
        long to = simulation.epochMicros(1_600);
        double area = 0;
        long arrivals = 0;
        double sojourn = 0;
        for (long[] interval : intervals) {
            area += Math.max(0, Math.min(interval[1], to) - Math.max(interval[0], from));
            if (interval[0] >= from && interval[0] < to) {
                arrivals++;
                sojourn += interval[1] - interval[0];
            }
        }
        double seconds = (to - from) / 1e6;
        double l = area / 1e6 / seconds;
        double lambdaW = arrivals / seconds * (sojourn / arrivals / 1e6);
        assertThat(l).isCloseTo(lambdaW, within(0.01 * lambdaW));
        assertThat(arrivals / seconds).isCloseTo(40, within(1.0));
    }

    /** M/G/1-PS is insensitive: mean sojourn E[S]/(1−ρ) for any service distribution, here a skewed log-normal. */
    @Test
    void processorSharingMatchesItsClosedForm() {
        double meanService = 0.01;
        double lambda = 70; // ρ = 0.7
        Simulation simulation = new Simulation(
                TestModels.singleStation(1, new Distribution.LogNormal(meanService, 2.0), Discipline.PS),
                new ConstantRate(lambda), SimulationSettings.defaults(4).withSpans(false), SimulationListener.NONE);
        simulation.runUntil(100);
        simulation.resetStationStats();
        simulation.runUntil(20_100);
        StationStats stats = simulation.stationStats("queue");
        double expected = meanService / (1 - lambda * meanService);
        assertThat(stats.meanSojournSeconds()).isCloseTo(expected, within(0.03 * expected));
        assertThat(stats.meanWaitSeconds()).as("PS never queues while a pod is ready").isZero();
    }

    @Test
    void addedPodsServeAfterTheActuationDelayAndRemovedPodsFinishTheirWork() {
        Simulation simulation = new Simulation(
                TestModels.singleStation(1, new Distribution.Constant(10), Discipline.FCFS),
                new ConstantRate(1), SimulationSettings.defaults(1).withSpans(false).withActuationDelay(30),
                SimulationListener.NONE);
        simulation.runUntil(5);
        simulation.setReplicas("queue", 3);
        assertThat(simulation.replicas("queue")).isEqualTo(3);
        assertThat(simulation.readyReplicas("queue")).isEqualTo(1);
        simulation.runUntil(34.9);
        assertThat(simulation.readyReplicas("queue")).isEqualTo(1);
        assertThat(simulation.queued("queue")).isGreaterThan(10);
        simulation.runUntil(35.1);
        assertThat(simulation.readyReplicas("queue")).isEqualTo(3);

        // scale to 1: the two newest pods stop taking work but stay until their 10 s of work are done
        simulation.runUntil(40);
        simulation.setReplicas("queue", 1);
        assertThat(simulation.readyReplicas("queue")).isEqualTo(1);
        assertThat(simulation.existingPods("queue")).isEqualTo(3);
        simulation.runUntil(55.2);
        assertThat(simulation.existingPods("queue")).isEqualTo(1);
        // pod-seconds: the first pod all along (55.2), the two others from 5 s to when their last work ended (45.1 s)
        assertThat(simulation.podSeconds("queue")).isCloseTo(55.2 + 2 * 40.1, within(0.2));

        // a scale-up cancelled before the pods are ready costs only the start-up time spent
        simulation.setReplicas("queue", 2);
        simulation.runUntil(60.2);
        simulation.setReplicas("queue", 1);
        assertThat(simulation.existingPods("queue")).isEqualTo(1);
        assertThat(simulation.podSeconds("queue")).isCloseTo(60.2 + 2 * 40.1 + 5, within(0.2));
    }

    @Test
    void perFlowArrivalsShiftTheMix() {
        java.util.Map<String, long[]> counts = new java.util.TreeMap<>(); // flow → {first half, second half}
        Simulation simulation = new Simulation(ModelLoader.defaultModel(), Arrivals.PerFlow.of(java.util.Map.of(
                "HTTP GET /hotels", io.queueflower.core.workload.RatePattern.parse("step:0s=30,100s=5"),
                "HTTP GET /recommendations", io.queueflower.core.workload.RatePattern.parse("step:0s=5,100s=30"))),
                SimulationSettings.defaults(6).withSpans(false),
                r -> counts.computeIfAbsent(r.flow(), f -> new long[2])[r.startSeconds() < 100 ? 0 : 1]++);
        simulation.runUntil(200);
        simulation.drain();
        assertThat(counts).containsOnlyKeys("HTTP GET /hotels", "HTTP GET /recommendations");
        // Poisson counts of 3,000 ± 55 and 500 ± 22
        assertThat(counts.get("HTTP GET /hotels")[0]).isBetween(2_800L, 3_200L);
        assertThat(counts.get("HTTP GET /hotels")[1]).isBetween(410L, 590L);
        assertThat(counts.get("HTTP GET /recommendations")[0]).isBetween(410L, 590L);
        assertThat(counts.get("HTTP GET /recommendations")[1]).isBetween(2_800L, 3_200L);
        assertThatThrownBy(() -> new Simulation(ModelLoader.defaultModel(), Arrivals.PerFlow.of(java.util.Map.of(
                "HTTP GET /nothing", io.queueflower.core.workload.RatePattern.parse("constant:1"))),
                SimulationSettings.defaults(6), SimulationListener.NONE)).hasMessageContaining("no flow 'HTTP GET /nothing'");
    }

    @Test
    void arrivalsFollowTheRatePattern() {
        List<Double> starts = new ArrayList<>();
        Simulation simulation = new Simulation(TestModels.singleStation(50, new Distribution.Constant(0.001),
                Discipline.FCFS), io.queueflower.core.workload.RatePattern.parse("step:0s=100,200s=300"),
                SimulationSettings.defaults(2).withSpans(false), r -> starts.add(r.startSeconds()));
        simulation.runUntil(400);
        long early = starts.stream().filter(t -> t < 200).count();
        long late = starts.stream().filter(t -> t >= 200 && t < 400).count();
        // Poisson counts: 20,000 ± 141 and 60,000 ± 245
        assertThat(early).isBetween(19_400L, 20_600L);
        assertThat(late).isBetween(59_000L, 61_000L);
        double[] gaps = new double[(int) early - 1];
        for (int i = 1; i < early; i++) {
            gaps[i - 1] = starts.get(i) - starts.get(i - 1);
        }
        double mean = Arrays.stream(gaps).average().orElseThrow();
        double cv = Math.sqrt(Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).average().orElseThrow()) / mean;
        assertThat(cv).as("exponential gaps have cv 1").isCloseTo(1.0, within(0.03));
    }
}
