package io.queueflower.simulator.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.avro.Span;
import io.queueflower.core.algorithm.AlgorithmDecision;
import io.queueflower.core.algorithm.AlgorithmKind;
import io.queueflower.core.algorithm.AlgorithmSettings;
import io.queueflower.core.algorithm.AlgorithmState;
import io.queueflower.core.algorithm.Estimator;
import io.queueflower.core.algorithm.ScalingAlgorithm;
import io.queueflower.core.algorithm.ScalingAlgorithms;
import io.queueflower.core.algorithm.Variant;
import io.queueflower.core.estimate.WindowAccumulator;
import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.core.sla.SlaTable;
import io.queueflower.core.trace.TraceSummaries;
import io.queueflower.core.workload.ConstantRate;
import io.queueflower.simulator.engine.CompletedRequest;
import io.queueflower.simulator.engine.Simulation;
import io.queueflower.simulator.engine.SimulationSettings;
import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.ModelLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InProcessLoopTest {
    private static final AppModel MODEL = ModelLoader.defaultModel();
    private static final LoopSettings SETTINGS = new LoopSettings(30_000, 5_000, true, "hotel",
            new DeploymentNames("hr-{service}", Map.of()));

    private static AlgorithmSettings queueFlower(Estimator estimator) {
        return AlgorithmSettings.builder().algorithm(AlgorithmKind.QUEUEFLOWER).estimator(estimator)
                .averageSla(SlaTable.of(MODEL.slaTable(false))).tailSla(SlaTable.of(MODEL.slaTable(true))).build();
    }

    private record Run(List<WindowDecision> decisions, List<CompletedRequest> requests, Simulation simulation) {
    }

    private static Run run(AlgorithmSettings config, long seed, double seconds) {
        List<CompletedRequest> requests = new ArrayList<>();
        Simulation simulation = new Simulation(MODEL, new ConstantRate(45),
                SimulationSettings.defaults(seed).withActuationDelay(10), requests::add);
        List<WindowDecision> decisions = new ArrayList<>();
        InProcessLoop loop = new InProcessLoop(simulation, config, SETTINGS, decisions::add);
        loop.runUntil(seconds);
        assertThat(loop.history()).isEqualTo(decisions);
        return new Run(decisions, requests, simulation);
    }

    @Test
    void windowsCloseAtEndPlusGraceAndTargetsReachTheSimulation() {
        // queue term only (prop), Little's law: pods follow the number of requests in each service
        Run run = run(queueFlower(Estimator.LITTLES_LAW).toBuilder().variant(Variant.PROP).build(), 1, 200);
        // windows of 30 s from the (aligned) epoch start, each closed 5 s after its end: 35, 65, ..., 185 s
        assertThat(run.decisions()).extracting(WindowDecision::closedAtSeconds)
                .containsExactly(35.0, 65.0, 95.0, 125.0, 155.0, 185.0);
        WindowDecision first = run.decisions().get(0);
        assertThat(first.windowStartMs()).isEqualTo(SimulationSettings.DEFAULT_EPOCH_MICROS / 1000);
        assertThat(first.replicasBefore()).containsEntry("profile", 3).containsEntry("user", 3);
        assertThat(first.record().getNamespace()).isEqualTo("hotel");
        assertThat(first.record().getTargets()).containsKeys("hr-profile", "hr-user");
        assertThat(first.record().getCreatedAtMs()).isEqualTo(first.windowEndMs() + 5_000);
        // every decision's targets were applied: the next window starts from them
        for (int i = 1; i < run.decisions().size(); i++) {
            assertThat(run.decisions().get(i).replicasBefore()).isEqualTo(run.decisions().get(i - 1).decision().targets());
        }
        SortedMap<String, Integer> last = run.decisions().get(run.decisions().size() - 1).decision().targets();
        assertThat(run.simulation().replicas()).isEqualTo(last);
        assertThat(last.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8 + 16);
        // the bottleneck gets pods, the idle service gives them up (every window, whatever its noise)
        for (WindowDecision window : run.decisions()) {
            assertThat(window.decision().targets().get("profile")).isGreaterThan(window.decision().targets().get("user"));
            assertThat(window.decision().targets().get("user")).isEqualTo(1);
        }
        assertThat(run.decisions().stream().mapToInt(w -> w.decision().targets().get("profile")).average()
                .orElseThrow()).isGreaterThan(3.5);
    }

    /**
     * Steps 2-4 of the contract, recomputed independently from the raw spans: for each window, the traces whose root
     * starts in it and that completed by its close, through the pure core, give exactly the loop's decision.
     */
    @Test
    void everyDecisionIsRecomputableFromTheSpans() {
        AlgorithmSettings config = AlgorithmSettings.builder().algorithm(AlgorithmKind.HAB)
                .averageSla(SlaTable.of(MODEL.slaTable(false))).build();
        Run run = run(config, 4, 300);
        ScalingAlgorithm algorithm = ScalingAlgorithms.create(config);
        AlgorithmState state = AlgorithmState.NONE;
        for (WindowDecision window : run.decisions()) {
            WindowAccumulator accumulator = new WindowAccumulator(window.windowStartMs(), window.windowEndMs(),
                    config.exclusiveTimeMode(), true);
            long traces = 0;
            for (CompletedRequest request : run.requests()) {
                Span root = request.spans().stream().filter(s -> s.getParentSpanId() == null).findFirst().orElseThrow();
                long startMs = root.getStartMicros() / 1000;
                // its own window if it finished before that closed, else (late) the oldest window still open then
                double closedAt = window.closedAtSeconds();
                double previousClose = closedAt - (window.windowEndMs() - window.windowStartMs()) / 1000.0;
                boolean own = startMs >= window.windowStartMs() && startMs < window.windowEndMs()
                        && request.endSeconds() < closedAt;
                boolean late = startMs < window.windowStartMs() && request.endSeconds() >= previousClose
                        && request.endSeconds() < closedAt;
                if (own || late) {
                    accumulator.add(TraceSummaries.summarise(request.spans(), 0, 0));
                    traces++;
                }
            }
            AlgorithmDecision expected = algorithm.decide(accumulator.snapshot(config.averageSla(), config.tailSla()),
                    window.replicasBefore(), state);
            state = expected.nextState();
            assertThat(window.traces()).isEqualTo(traces);
            assertThat(window.decision()).isEqualTo(expected);
        }
        assertThat(run.decisions()).hasSize(9);
    }

    @Test
    void sameSeedSameDecisions() {
        Run a = run(queueFlower(Estimator.REFERENCE), 9, 130);
        Run b = run(queueFlower(Estimator.REFERENCE), 9, 130);
        assertThat(b.decisions()).extracting(WindowDecision::record).isEqualTo(
                a.decisions().stream().map(WindowDecision::record).toList());
        assertThat(b.requests()).isEqualTo(a.requests());
    }

    @Test
    void refusesASimulationWithoutSpansOrAlreadyRunning() {
        Simulation quiet = new Simulation(MODEL, new ConstantRate(1),
                SimulationSettings.defaults(1).withSpans(false), r -> { });
        assertThatThrownBy(() -> new InProcessLoop(quiet, queueFlower(Estimator.REFERENCE), SETTINGS, d -> { }))
                .hasMessageContaining("must emit");
        Simulation running = new Simulation(MODEL, new ConstantRate(1), SimulationSettings.defaults(1), r -> { });
        running.runUntil(1);
        assertThatThrownBy(() -> new InProcessLoop(running, queueFlower(Estimator.REFERENCE), SETTINGS, d -> { }))
                .hasMessageContaining("before the simulation runs");
    }

    @Test
    void unknownDeploymentsInADecisionAreReportedNotApplied() {
        Simulation simulation = new Simulation(MODEL, new ConstantRate(1), SimulationSettings.defaults(1), r -> { });
        var cluster = new io.queueflower.simulator.cluster.SimulatedDeployments(simulation, "hotel",
                new DeploymentNames("hr-{service}", Map.of()));
        TreeMap<String, Integer> targets = new TreeMap<>(Map.of("hr-profile", 6, "mongodb-geo", 2, "profile", 9));
        assertThat(cluster.applyTargets(targets)).containsOnlyKeys("mongodb-geo", "profile");
        assertThat(simulation.replicas("profile")).isEqualTo(6);
        assertThat(cluster.scaleActions()).isEqualTo(1);
        assertThatThrownBy(() -> cluster.replicas("other", "hr-profile")).hasMessageContaining("not a simulated Deployment");
    }
}
