package io.queueflower.core.algorithm;

/** Creates the configured algorithm. */
public final class ScalingAlgorithms {
    private ScalingAlgorithms() {
    }

    public static ScalingAlgorithm create(AlgorithmSettings config) {
        return switch (config.algorithm()) {
            case QUEUEFLOWER -> config.variant() == Variant.BALANCED ? new BalancedQueueFlower(config) : new QueueFlower(config);
            case HAB -> new Hab(config);
            case HPA -> new Hpa(config);
            case STATIC -> new StaticAllocation(config);
        };
    }
}
