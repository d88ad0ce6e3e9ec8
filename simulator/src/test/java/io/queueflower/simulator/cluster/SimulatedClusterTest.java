package io.queueflower.simulator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.core.safety.Allowlist;
import io.queueflower.core.safety.BoundsTable;
import io.queueflower.core.safety.DecisionLedger;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.safety.ReplicaBounds;
import io.queueflower.core.safety.SafetyPolicy;
import io.queueflower.core.safety.ScaleStabilizer;
import io.queueflower.core.safety.StepLimiter;
import io.queueflower.core.scaling.AvailabilityWatch;
import io.queueflower.core.scaling.DecisionApplier;
import io.queueflower.core.scaling.DeploymentFacts;
import io.queueflower.core.scaling.ReplicaTargetException;
import io.queueflower.core.scaling.RetryPolicy;
import io.queueflower.core.scaling.ScaleReport;
import io.queueflower.core.scaling.ScaleRequest;
import io.queueflower.core.workload.ConstantRate;
import io.queueflower.simulator.engine.Simulation;
import io.queueflower.simulator.engine.SimulationSettings;
import io.queueflower.simulator.model.ModelLoader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The scaler's own decision applier, with its safety rules, drives the simulated cluster through ReplicaTarget. */
class SimulatedClusterTest {
    private static Simulation simulation() {
        return new Simulation(ModelLoader.defaultModel(), new ConstantRate(10), SimulationSettings.defaults(1)
                .withSpans(false).withActuationDelay(15), r -> { });
    }

    @Test
    void readsAndWritesDesiredReplicasByDeploymentName() throws Exception {
        Simulation simulation = simulation();
        SimulatedCluster cluster = new SimulatedCluster(new SimulatedDeployments(simulation, "hotel",
                new DeploymentNames("hr-{service}", Map.of())));
        DeploymentRef profile = new DeploymentRef("hotel", "hr-profile");
        assertThat(cluster.currentReplicas(profile)).isEqualTo(3);
        cluster.setReplicas(profile, 6);
        assertThat(cluster.currentReplicas(profile)).isEqualTo(6);
        assertThat(simulation.readyReplicas("profile")).isEqualTo(3); // the new pods are still starting
        simulation.runUntil(15.001);
        assertThat(simulation.readyReplicas("profile")).isEqualTo(6);

        assertThatThrownBy(() -> cluster.currentReplicas(new DeploymentRef("hotel", "mongodb-profile")))
                .isInstanceOfSatisfying(ReplicaTargetException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplicaTargetException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> cluster.setReplicas(new DeploymentRef("other", "hr-profile"), 2))
                .isInstanceOfSatisfying(ReplicaTargetException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplicaTargetException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> cluster.setReplicas(profile, -1))
                .isInstanceOfSatisfying(ReplicaTargetException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplicaTargetException.Kind.REJECTED));
    }

    @Test
    void theScalersDecisionApplierScalesTheSimulationUnderItsSafetyRules() throws Exception {
        Simulation simulation = simulation();
        SimulatedCluster cluster = new SimulatedCluster(new SimulatedDeployments(simulation, "hotel",
                DeploymentNames.identity()));
        DeploymentFacts facts = SimulatedCluster.FACTS;
        AvailabilityWatch available = (ref, replicas) -> CompletableFuture.completedFuture(null);
        DecisionApplier applier = new DecisionApplier(
                new Allowlist(Set.of("hotel"), Set.of("profile", "user", "rate"), Optional.empty()),
                new SafetyPolicy(BoundsTable.uniform(new ReplicaBounds(1, 20)), new StepLimiter(2, 2),
                        new ScaleStabilizer(Duration.ZERO)),
                new DecisionLedger(100), cluster, facts, available,
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 0),
                new DecisionApplier.Settings(false, false, Duration.ZERO), () -> true, Clock.systemUTC(),
                d -> { }, () -> 0.5);

        List<ScaleReport> reports = applier.apply(new ScaleRequest("hotel/queueflower/1", "hotel", 1_000, "queueflower",
                Map.of("profile", 9, "user", 1, "search", 5)));

        assertThat(reports).extracting(ScaleReport::deployment, ScaleReport::outcome, ScaleReport::applied)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("profile", ScaleReport.Outcome.APPLIED, 5), // step limit +2
                        org.assertj.core.groups.Tuple.tuple("search", ScaleReport.Outcome.REFUSED, null), // not allowed
                        org.assertj.core.groups.Tuple.tuple("user", ScaleReport.Outcome.APPLIED, 1));
        assertThat(simulation.replicas()).containsEntry("profile", 5).containsEntry("user", 1).containsEntry("search", 3);
    }
}
