package io.queueflower.simulator.loop;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.Span;
import io.queueflower.core.algorithm.AlgorithmConfig;
import io.queueflower.core.algorithm.AlgorithmDecision;
import io.queueflower.core.algorithm.AlgorithmState;
import io.queueflower.core.algorithm.DecisionRecords;
import io.queueflower.core.algorithm.ScalingAlgorithm;
import io.queueflower.core.algorithm.ScalingAlgorithms;
import io.queueflower.core.estimate.WindowAccumulator;
import io.queueflower.core.estimate.WindowSnapshot;
import io.queueflower.core.trace.ExclusiveTime;
import io.queueflower.core.trace.TraceSummaries;
import io.queueflower.simulator.cluster.SimulatedDeployments;
import io.queueflower.simulator.cluster.SimulatedScaler;
import io.queueflower.simulator.engine.CompletedRequest;
import io.queueflower.simulator.engine.Simulation;
import io.queueflower.simulator.engine.SimulationListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The in-memory closed loop: simulator → spans → the streams app's pure core → decision → replicas → simulator.
 *
 * <p>Its steps, in this order, are the contract a Kafka run must reproduce to make the same decisions window by
 * window:
 * <ol>
 *   <li><b>Windows.</b> Tumbling windows {@code [k·size, (k+1)·size)} in epoch ms, as {@link LoopSettings#windowStart}
 *   (the streams app's {@code WindowDecisionTopology.Settings.windowStart}); the first is the one holding the
 *   simulation's start.</li>
 *   <li><b>Membership.</b> A trace belongs to the window holding its root span's start, epoch ms = start µs / 1000
 *   (the streams app stamps a {@code TraceSummary} record with that time).</li>
 *   <li><b>Close.</b> Window w closes at simulated time end(w) + grace. Its traces that completed by then are
 *   summarised by {@link TraceSummaries#summarise} (late spans 0, emitted-at = completion time) and added to a
 *   {@link WindowAccumulator}(start, end, config.exclusiveTimeMode, settings.exactValues) in completion order (the
 *   accumulator's results do not depend on the order). A trace of w that completes after the close is late:
 *   counted, and then added to the oldest open window or dropped per {@link LoopSettings#lateTraces}, as the
 *   streams app does.</li>
 *   <li><b>Decide.</b> {@code snapshot(config.averageSla, config.tailSla)}, then
 *   {@code ScalingAlgorithms.create(config).decide(snapshot, current, state)} with current = the simulated services'
 *   desired replicas at the close (what qf.replicas reports as spec replicas) and state = the previous decision's
 *   next state ({@link AlgorithmState#NONE} at first).</li>
 *   <li><b>Apply.</b> The decision becomes the qf.decisions record ({@link DecisionRecords#toAvro}, created-at = the
 *   close time in epoch ms) and goes through the scaler's own rules ({@link SimulatedScaler} with
 *   {@link LoopSettings#scalerRules}) at once at the close time, in Deployment-name order; added pods serve after the
 *   simulation's actuation delay.</li>
 * </ol>
 * Windows are closed strictly in order; with several windows due at once (a grace longer than a window) each closes
 * at its own time.
 */
public final class InProcessLoop implements SimulationListener {
    private final Simulation simulation;
    private final SimulatedDeployments cluster;
    private final SimulatedScaler scaler;
    private final AlgorithmConfig config;
    private final ScalingAlgorithm algorithm;
    private final LoopSettings settings;
    private final Consumer<WindowDecision> decisions;
    private final TreeMap<Long, WindowAccumulator> open = new TreeMap<>();
    private final TreeMap<Long, Long> counts = new TreeMap<>(); // window start → traces summarised
    private AlgorithmState state = AlgorithmState.NONE;
    private long nextToClose;
    private long lateTraces;
    private final List<WindowDecision> history = new ArrayList<>();

    /**
     * Attaches a loop to a simulation that has not run yet and emits spans.
     *
     * @param decisions receives every window's decision as it is applied
     */
    public InProcessLoop(Simulation simulation, AlgorithmConfig config, LoopSettings settings,
                      Consumer<WindowDecision> decisions) {
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        if (!simulation.options().emitSpans()) {
            throw new IllegalArgumentException("the closed loop reads spans: the simulation must emit them");
        }
        if (simulation.now() != 0 || simulation.requestsStarted() > 0) {
            throw new IllegalArgumentException("attach the closed loop before the simulation runs");
        }
        this.algorithm = ScalingAlgorithms.create(config);
        this.cluster = new SimulatedDeployments(simulation, settings.namespace(), settings.names());
        this.scaler = new SimulatedScaler(cluster, settings.scalerRules());
        this.nextToClose = settings.windowStart(simulation.epochMicros(0) / 1000);
        simulation.addListener(this);
    }

    public SimulatedDeployments cluster() {
        return cluster;
    }

    /** Every decision so far, in window order. */
    public List<WindowDecision> history() {
        return Collections.unmodifiableList(history);
    }

    /** Traces that completed after their window had closed. */
    public long lateTraces() {
        return lateTraces;
    }

    /** Runs the simulation to {@code seconds}, closing every window that comes due on the way. */
    public void runUntil(double seconds) {
        while (true) {
            double close = closeTimeSeconds(nextToClose);
            if (close > seconds) {
                simulation.runUntil(seconds);
                return;
            }
            simulation.runUntil(close);
            closeWindow(nextToClose);
            nextToClose += settings.windowSizeMs();
        }
    }

    /** Simulated time at which the window starting at {@code windowStartMs} closes. */
    public double closeTimeSeconds(long windowStartMs) {
        long closeMicros = settings.windows().closesAt(windowStartMs) * 1000;
        return (closeMicros - simulation.options().epochStartMicros()) / 1e6;
    }

    @Override
    public void requestCompleted(CompletedRequest request) {
        long startMs = ExclusiveTime.root(request.spans()).map(Span::getStartMicros)
                .orElse(simulation.epochMicros(request.startSeconds())) / 1000;
        long traceWindow = settings.windowStart(startMs);
        if (traceWindow < nextToClose) {
            lateTraces++;
        }
        java.util.OptionalLong assigned = settings.lateTraces().assign(traceWindow, nextToClose);
        if (assigned.isEmpty()) {
            return;
        }
        long window = assigned.getAsLong();
        open.computeIfAbsent(window, w -> new WindowAccumulator(w, w + settings.windowSizeMs(),
                config.exclusiveTimeMode(), settings.exactValues()))
                .add(TraceSummaries.summarise(request.spans(), 0, simulation.epochMicros(request.endSeconds())));
        counts.merge(window, 1L, Long::sum);
    }

    private void closeWindow(long windowStart) {
        long windowEnd = windowStart + settings.windowSizeMs();
        WindowAccumulator accumulator = open.remove(windowStart);
        if (accumulator == null) {
            accumulator = new WindowAccumulator(windowStart, windowEnd, config.exclusiveTimeMode(), settings.exactValues());
        }
        WindowSnapshot snapshot = accumulator.snapshot(config.averageSla(), config.tailSla());
        SortedMap<String, Integer> current = simulation.replicas();
        AlgorithmDecision decision = algorithm.decide(snapshot, current, state);
        state = decision.nextState();
        Map<String, String> deployments = new TreeMap<>();
        decision.targets().keySet().forEach(s -> deployments.put(s, settings.names().deploymentOf(s)));
        long closedAtMs = simulation.epochMicros(simulation.now()) / 1000;
        ScalingDecision record = DecisionRecords.toAvro(decision, settings.namespace(), closedAtMs, deployments);
        long before = cluster.scaleActions();
        scaler.apply(record);
        int changes = (int) (cluster.scaleActions() - before);
        Long traces = counts.remove(windowStart);
        WindowDecision outcome = new WindowDecision(windowStart, windowEnd, simulation.now(),
                traces == null ? 0 : traces, current, decision, record, changes);
        history.add(outcome);
        decisions.accept(outcome);
    }
}
