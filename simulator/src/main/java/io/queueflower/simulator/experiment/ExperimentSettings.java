package io.queueflower.simulator.experiment;

import io.queueflower.simulator.loop.LoopSettings;
import io.queueflower.simulator.model.AppModel;
import java.util.Objects;

/**
 * What every run of an experiment shares.
 *
 * @param model                 the application
 * @param loop                  windows, grace, names (as the streams app is configured)
 * @param actuationDelaySeconds pod start-up time
 * @param warmupSeconds         requests arriving before this are not measured (the dynamic policies' first
 *                              decision comes only at window + grace)
 * @param totalPods             pod budget: static allocations use exactly this, QueueFlower and HAB share
 *                              totalPods − base × services as their free pool
 * @param baseReplicas          QueueFlower's base replicas per service
 */
public record ExperimentSettings(AppModel model, LoopSettings loop, double actuationDelaySeconds,
                                 double warmupSeconds, int totalPods, int baseReplicas) {
    public ExperimentSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(loop, "loop");
        int services = model.services().size();
        if (totalPods < services * Math.max(1, baseReplicas)) {
            throw new IllegalArgumentException("a budget of " + totalPods + " pods cannot give " + services
                    + " services " + Math.max(1, baseReplicas) + " each");
        }
        if (!(warmupSeconds >= 0) || !(actuationDelaySeconds >= 0)) {
            throw new IllegalArgumentException("warm-up and actuation delay must be >= 0 s");
        }
    }

    public int freePool() {
        return totalPods - model.services().size() * baseReplicas;
    }

    /** Time-series bucket: one window. */
    public double bucketSeconds() {
        return loop.windowSizeMs() / 1000.0;
    }
}
