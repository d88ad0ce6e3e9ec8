package io.queueflower.core.window;

import io.queueflower.avro.TraceSummary;
import io.queueflower.core.algorithm.AlgorithmSettings;
import io.queueflower.core.algorithm.AlgorithmState;
import io.queueflower.core.algorithm.ScalingAlgorithm;
import io.queueflower.core.algorithm.ScalingAlgorithms;
import io.queueflower.core.estimate.WindowAccumulator;
import io.queueflower.core.estimate.WindowSnapshot;
import io.queueflower.core.time.LateTraces;
import io.queueflower.core.time.TumblingWindows;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The window lifecycle both loops run, the streams app's Kafka topology and the simulator's in-process loop, so they
 * decide alike by construction: which window a trace counts in (and whether it is late), which windows a time closes,
 * and the close step itself — accumulate the window's traces, snapshot them, decide.
 *
 * <p>What each loop keeps to itself is only where the state lives: the topology holds traces in a window store and
 * the oldest open window in a changelogged store, the in-process loop holds them in memory.
 */
public final class WindowLifecycle {
    private final AlgorithmSettings config;
    private final ScalingAlgorithm algorithm;
    private final TumblingWindows windows;
    private final LateTraces lateTraces;
    private final boolean exactValues;

    /**
     * @param exactValues keep every per-trace value (reference quantiles) rather than sketches only
     */
    public WindowLifecycle(AlgorithmSettings config, TumblingWindows windows, LateTraces lateTraces,
                           boolean exactValues) {
        this.config = Objects.requireNonNull(config, "config");
        this.windows = Objects.requireNonNull(windows, "windows");
        this.lateTraces = Objects.requireNonNull(lateTraces, "lateTraces");
        this.exactValues = exactValues;
        this.algorithm = ScalingAlgorithms.create(config);
    }

    public TumblingWindows windows() {
        return windows;
    }

    /**
     * Where a trace goes.
     *
     * @param traceStartMs     its root span's start (epoch ms): its window is the one holding that time
     * @param oldestOpenStart  start of the oldest window not yet closed
     */
    public TracePlacement place(long traceStartMs, long oldestOpenStart) {
        long own = windows.start(traceStartMs);
        return new TracePlacement(own < oldestOpenStart, lateTraces.assign(own, oldestOpenStart));
    }

    /**
     * How many windows, from the oldest open one on, stream time {@code streamTimeMs} closes; they close in order,
     * each {@link TumblingWindows#sizeMs} after the one before.
     */
    public int dueCount(long oldestOpenStart, long streamTimeMs) {
        int due = 0;
        for (long start = oldestOpenStart; windows.closed(start, streamTimeMs); start += windows.sizeMs()) {
            due++;
        }
        return due;
    }

    /** An empty accumulator for the window starting at {@code windowStartMs}. */
    public WindowAccumulator open(long windowStartMs) {
        return new WindowAccumulator(windowStartMs, windowStartMs + windows.sizeMs(), config.exclusiveTimeMode(),
                exactValues);
    }

    /** The window's traces, accumulated (in any order: the accumulator's results do not depend on it). */
    public WindowAccumulator accumulate(long windowStartMs, Iterable<TraceSummary> traces) {
        WindowAccumulator accumulator = open(windowStartMs);
        traces.forEach(accumulator::add);
        return accumulator;
    }

    /** The window's statistics, with the configured SLA tables: what a decision sees. */
    public WindowSnapshot snapshot(WindowAccumulator traces) {
        return traces.snapshot(config.averageSla(), config.tailSla());
    }

    /**
     * The close step: snapshot the window's traces with the SLA tables, then decide.
     *
     * @param traces          the window's accumulated traces
     * @param currentReplicas service → replicas asked for now (the spec replicas the scaler reports)
     * @param previous        the previous decision's next state, {@link AlgorithmState#NONE} at first
     */
    public ClosedWindow close(WindowAccumulator traces, Map<String, Integer> currentReplicas,
                              AlgorithmState previous) {
        WindowSnapshot snapshot = snapshot(traces);
        return new ClosedWindow(snapshot, algorithm.decide(snapshot, currentReplicas, previous));
    }

    /**
     * Where a trace is counted.
     *
     * @param late     its own window had closed when it came
     * @param windowStart the window it counts in, or empty when it is dropped
     */
    public record TracePlacement(boolean late, OptionalLong windowStart) {
        public TracePlacement {
            Objects.requireNonNull(windowStart, "windowStart");
        }
    }
}
