package io.queueflower.core.algorithm;

/** Creates the configured algorithm. */
public final class ScalingAlgorithms {
    private ScalingAlgorithms() {
    }

    /** The configured algorithm, given only its own part of the settings. */
    public static ScalingAlgorithm create(AlgorithmSettings config) {
        return switch (config.algorithm()) {
            case QUEUEFLOWER -> config.variant() == Variant.BALANCED ? BalancedQueueFlower.from(config)
                    : QueueFlower.from(config);
            case HAB -> Hab.from(config);
            case HPA -> Hpa.from(config);
            case STATIC -> StaticAllocation.from(config);
        };
    }
}
