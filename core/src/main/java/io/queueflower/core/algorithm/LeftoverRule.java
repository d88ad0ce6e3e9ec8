package io.queueflower.core.algorithm;

/** Who gets the pods of the free pool that the floors F·b[n]/Σb leave over ({@code leftover}). */
public enum LeftoverRule implements ConfigNamed {
    /**
     * One pod each, in order of larger fractional part of F·b[n]/Σb, then larger b[n], then service name ascending:
     * deterministic (Hamilton's method).
     */
    LARGEST_REMAINDER("largest-remainder"),
    /**
     * One pod at a time to a service drawn with probability ∝ b[n], as the reference's {@code prop_schedule_sla*}
     * ({@code random.choices}), but from a {@link java.util.SplittableRandom} seeded with the configured seed so a
     * decision can be recomputed.
     */
    RANDOM("random"),
    /**
     * All leftover pods to the service with the largest floor share (first by name on ties), as the reference's
     * {@code prop_schedule}.
     */
    LARGEST_SHARE("largest-share");

    private final String configName;

    LeftoverRule(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static LeftoverRule fromConfigName(String name) {
        return ConfigNamed.parse(LeftoverRule.class, "leftover rule", name);
    }
}
