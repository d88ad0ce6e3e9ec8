package io.queueflower.loadgen.sim.loop;

import io.queueflower.streams.config.DeploymentNames;

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
 */
public record LoopSettings(long windowSizeMs, long graceMs, boolean exactValues, String namespace,
                           DeploymentNames names) {
    public LoopSettings {
        if (windowSizeMs < 1) {
            throw new IllegalArgumentException("window size must be >= 1 ms, got " + windowSizeMs);
        }
        if (graceMs < 0) {
            throw new IllegalArgumentException("window grace must be >= 0 ms, got " + graceMs);
        }
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(names, "names");
    }

    /** The streams app's defaults: 90 s windows, 30 s grace, exact values, namespace "default", identity names. */
    public static LoopSettings defaults() {
        return new LoopSettings(90_000, 30_000, true, "default", DeploymentNames.identity());
    }

    /** Start of the epoch-aligned window holding {@code epochMs}. */
    public long windowStart(long epochMs) {
        return epochMs - Math.floorMod(epochMs, windowSizeMs);
    }
}
