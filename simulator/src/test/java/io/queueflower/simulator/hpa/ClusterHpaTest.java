package io.queueflower.simulator.hpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueflower.core.algorithm.HpaSettings;
import io.queueflower.core.workload.RatePatterns;
import io.queueflower.simulator.TestModels;
import io.queueflower.simulator.engine.Simulation;
import io.queueflower.simulator.engine.SimulationListener;
import io.queueflower.simulator.engine.SimulationSettings;
import io.queueflower.simulator.model.Discipline;
import io.queueflower.simulator.model.Distribution;
import org.junit.jupiter.api.Test;

class ClusterHpaTest {
    private static final HpaSettings SEVENTY = new HpaSettings(0.7, 0.1, 1, 1);

    private static Simulation simulation(String rate, int pods, Discipline discipline) {
        return new Simulation(TestModels.singleStation(pods, new Distribution.Exponential(0.1), discipline),
                RatePatterns.parse(rate), SimulationSettings.defaults(5).withSpans(false).withActuationDelay(20),
                SimulationListener.NONE);
    }

    private static void run(Simulation simulation, ClusterHpa hpa, double until) {
        for (double t = hpa.syncSeconds(); t <= until; t += hpa.syncSeconds()) {
            simulation.runUntil(t);
            hpa.sync(simulation);
        }
    }

    @Test
    void busySecondsAreTheOfferedLoad() {
        // 20/s at 100 ms: 2 busy servers on average, whatever the discipline, on enough servers
        for (Discipline discipline : Discipline.values()) {
            Simulation simulation = simulation("constant:20", 6, discipline);
            simulation.runUntil(2_000);
            assertThat(simulation.busySeconds("queue") / 2_000).as(discipline.name()).isCloseTo(2.0, within(0.1));
        }
    }

    @Test
    void scalesToTheTargetUtilisationOnMeasuredCpu() {
        // 40/s at 100 ms = 4 busy servers; at 70 % that is 4/0.7 = 5.7 -> 6 pods (within the 10 % tolerance)
        Simulation simulation = simulation("constant:40", 5, Discipline.PS);
        ClusterHpa hpa = ClusterHpa.kubernetesDefaults(SEVENTY);
        hpa.sample(simulation);
        run(simulation, hpa, 600);
        assertThat(simulation.replicas("queue")).isBetween(6, 7);
        assertThat(hpa.scaleActions()).isPositive();
    }

    @Test
    void scaleDownWaitsForTheStabilisationWindow() {
        // 40/s for 5 min, then 10/s: the recommendation drops at once, the replicas only after 300 s
        Simulation simulation = simulation("step:0s=40,300s=10", 6, Discipline.PS);
        ClusterHpa hpa = ClusterHpa.kubernetesDefaults(SEVENTY);
        hpa.sample(simulation);
        run(simulation, hpa, 300);
        int before = simulation.replicas("queue");
        run2(simulation, hpa, 315, 570);
        assertThat(simulation.replicas("queue")).as("held within 300 s of the last high recommendation")
                .isEqualTo(before);
        run2(simulation, hpa, 585, 900);
        assertThat(simulation.replicas("queue")).isLessThan(before).isGreaterThanOrEqualTo(1);
    }

    private static void run2(Simulation simulation, ClusterHpa hpa, double from, double until) {
        for (double t = from; t <= until; t += hpa.syncSeconds()) {
            simulation.runUntil(t);
            hpa.sync(simulation);
        }
    }

    @Test
    void aSaturatedServiceGrowsByAtMostDoubleOrFourPodsAPeriod() {
        // 100/s at 100 ms = 10 busy servers on 1 pod: CPU reads 100 %, so 1 -> ceil(1/0.7) = 2, then 3, 5, ...
        Simulation simulation = simulation("constant:100", 1, Discipline.FCFS);
        ClusterHpa hpa = ClusterHpa.kubernetesDefaults(SEVENTY);
        hpa.sample(simulation);
        simulation.runUntil(15);
        hpa.sync(simulation);
        assertThat(simulation.replicas("queue")).isEqualTo(2);
    }
}
