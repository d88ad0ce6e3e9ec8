package io.queueflower.simulator.loop;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.Span;
import io.queueflower.core.algorithm.AlgorithmSettings;
import io.queueflower.core.algorithm.AlgorithmState;
import io.queueflower.core.estimate.WindowAccumulator;
import io.queueflower.core.trace.ExclusiveTime;
import io.queueflower.core.trace.TraceSummaries;
import io.queueflower.core.window.ClosedWindow;
import io.queueflower.core.window.WindowLifecycle;
import io.queueflower.simulator.cluster.SimulatedDeployments;
import io.queueflower.simulator.cluster.SimulatedScaler;
import io.queueflower.simulator.engine.CompletedRequest;
import io.queueflower.simulator.engine.Simulation;
import io.queueflower.simulator.engine.SimulationListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The in-memory closed loop: simulator → spans → the streams app's pure core → decision → replicas → simulator.
 *
 * <p>Windows, late traces and the close step are {@link WindowLifecycle}'s, the same object the streams app's
 * decision stage runs; what is this loop's own is where state lives (in memory) and what stands in for Kafka:
 * <ol>
 *   <li><b>Membership.</b> A trace belongs to the window holding its root span's start, epoch ms = start µs / 1000
 *   (the streams app stamps a {@code TraceSummary} record with that time); the first window is the one holding the
 *   simulation's start.</li>
 *   <li><b>Close.</b> Window w closes at simulated time end(w) + grace. Its traces that completed by then are
 *   summarised by {@link TraceSummaries#summarise} (late spans 0, emitted-at = completion time) in completion order.
 *   A trace of w that completes after the close is late: counted, and then placed per the lifecycle.</li>
 *   <li><b>Decide.</b> With current = the simulated services' desired replicas at the close (what qf.replicas reports
 *   as spec replicas) and state = the previous decision's next state ({@link AlgorithmState#NONE} at first).</li>
 *   <li><b>Apply.</b> The decision becomes the qf.decisions record (created-at = the close time in epoch ms) and goes
 *   through the scaler's own rules ({@link SimulatedScaler} with {@link LoopSettings#scalerRules}) at once at the
 *   close time, in Deployment-name order; added pods serve after the simulation's actuation delay.</li>
 * </ol>
 * Windows are closed strictly in order; with several windows due at once (a grace longer than a window) each closes
 * at its own time.
 */
public final class InProcessLoop implements SimulationListener {
    private final Simulation simulation;
    private final SimulatedDeployments cluster;
    private final SimulatedScaler scaler;
    private final WindowLifecycle lifecycle;
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
    public InProcessLoop(Simulation simulation, AlgorithmSettings config, LoopSettings settings,
                      Consumer<WindowDecision> decisions) {
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        if (!simulation.options().emitSpans()) {
            throw new IllegalArgumentException("the closed loop reads spans: the simulation must emit them");
        }
        if (simulation.now() != 0 || simulation.requestsStarted() > 0) {
            throw new IllegalArgumentException("attach the closed loop before the simulation runs");
        }
        this.lifecycle = settings.lifecycle(config);
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
        WindowLifecycle.TracePlacement placement = lifecycle.place(startMs, nextToClose);
        if (placement.late()) {
            lateTraces++;
        }
        if (placement.windowStart().isEmpty()) {
            return;
        }
        long window = placement.windowStart().getAsLong();
        open.computeIfAbsent(window, lifecycle::open)
                .add(TraceSummaries.summarise(request.spans(), 0, simulation.epochMicros(request.endSeconds())));
        counts.merge(window, 1L, Long::sum);
    }

    private void closeWindow(long windowStart) {
        WindowAccumulator traces = open.remove(windowStart);
        SortedMap<String, Integer> current = simulation.replicas();
        ClosedWindow closed = lifecycle.close(traces == null ? lifecycle.open(windowStart) : traces, current, state);
        state = closed.decision().nextState();
        long closedAtMs = simulation.epochMicros(simulation.now()) / 1000;
        ScalingDecision record = closed.decisionRecord(settings.namespace(), closedAtMs, settings.names());
        long before = cluster.scaleActions();
        scaler.apply(record);
        int changes = (int) (cluster.scaleActions() - before);
        Long count = counts.remove(windowStart);
        WindowDecision outcome = new WindowDecision(closed.startMs(), closed.endMs(), simulation.now(),
                count == null ? 0 : count, current, closed.decision(), record, changes);
        history.add(outcome);
        decisions.accept(outcome);
    }
}
