package io.queueflower.core.algorithm;

/** How QueueFlower estimates q[n][f] ({@code estimator}). */
public enum Estimator implements ConfigNamed {
    /** The reference: mean per-trace exclusive time of n in flow f, ms. */
    REFERENCE("reference"),
    /** Little's law: λ[n][f]·W[n][f], arrivals per second times mean exclusive time in seconds (requests). */
    LITTLES_LAW("littles-law");

    private final String configName;

    Estimator(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static Estimator fromConfigName(String name) {
        return ConfigNamed.parse(Estimator.class, "estimator", name);
    }
}
