package io.queueflower.simulator.loop;

import io.queueflower.core.algorithm.AlgorithmSettings;
import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.core.time.LateTraces;
import io.queueflower.core.time.TumblingWindows;
import io.queueflower.core.window.WindowLifecycle;
import io.queueflower.simulator.cluster.SimulatedScaler;
import java.util.Objects;

/**
 * How the closed loop cuts time and names Deployments; the same settings as the streams app's
 * {@code window.size.ms}, {@code window.grace.ms}, {@code window.exact.values}, namespace and deployment pattern, so
 * the Kafka path can be configured to match.
 *
 * @param windowSizeMs tumbling window length, aligned to the Unix epoch
 * @param graceMs      how long after its end a window still takes traces; the decision is made at end + grace
 * @param exactValues  keep exact per-trace values (reference quantiles) in the window accumulator
 * @param namespace    Kubernetes namespace of the simulated Deployments
 * @param names        service ↔ Deployment names
 * @param lateTraces   what becomes of a trace whose window has closed
 * @param scalerRules  the scaler's safety rules every decision goes through
 */
public record LoopSettings(long windowSizeMs, long graceMs, boolean exactValues, String namespace,
                           DeploymentNames names, LateTraces lateTraces, SimulatedScaler.Rules scalerRules) {
    public LoopSettings {
        if (windowSizeMs < 1) {
            throw new IllegalArgumentException("window size must be >= 1 ms, got " + windowSizeMs);
        }
        if (graceMs < 0) {
            throw new IllegalArgumentException("window grace must be >= 0 ms, got " + graceMs);
        }
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(lateTraces, "lateTraces");
        Objects.requireNonNull(scalerRules, "scalerRules");
    }

    /** Late traces to the next window, the scaler app's default rules. */
    public LoopSettings(long windowSizeMs, long graceMs, boolean exactValues, String namespace, DeploymentNames names) {
        this(windowSizeMs, graceMs, exactValues, namespace, names, LateTraces.NEXT_WINDOW,
                SimulatedScaler.Rules.scalerDefaults());
    }

    public LoopSettings withLateTraces(LateTraces value) {
        return new LoopSettings(windowSizeMs, graceMs, exactValues, namespace, names, value, scalerRules);
    }

    /** The streams app's window and grace, exact values, namespace "default", identity names. */
    public static LoopSettings defaults() {
        return new LoopSettings(TumblingWindows.DEFAULT_SIZE_MS, TumblingWindows.DEFAULT_GRACE_MS, true, "default",
                DeploymentNames.identity());
    }

    /** The windows this loop closes: the same lifecycle as the streams app's topology. */
    public TumblingWindows windows() {
        return new TumblingWindows(windowSizeMs, graceMs);
    }

    /** The window lifecycle these settings and {@code algorithm} make, shared with the streams app's topology. */
    public WindowLifecycle lifecycle(AlgorithmSettings algorithm) {
        return new WindowLifecycle(algorithm, windows(), lateTraces, exactValues);
    }

    /** Start of the epoch-aligned window holding {@code epochMs}. */
    public long windowStart(long epochMs) {
        return windows().start(epochMs);
    }
}
