package io.queueflower.core.algorithm;

/**
 * QueueFlower's blocking-score variants, after the reference's {@code prop_schedule}, {@code prop_schedule_sla} and
 * {@code prop_schedule_sla2}.
 */
public enum Variant implements ConfigNamed {
    /** Queue term only: weights (1, 0, 0). */
    PROP("prop"),
    /**
     * Queue and average-violation terms with the configured w1 and w2 as they are (w3 = 0), as the reference's
     * {@code prop_schedule_sla} does; not renormalised, since scaling every b[n] alike leaves the allocation
     * floor(F·b[n]/Σb) unchanged and keeps the reported b[n] comparable with prop-sla2.
     */
    PROP_SLA("prop-sla"),
    /** All three terms with (w1, w2, w3). */
    PROP_SLA2("prop-sla2"),
    /**
     * Not a blend of the blocking terms: the controller of {@link BalancedQueueFlower} (queues by Little's law, offered
     * load from the M/M/c model, stability floors, damped moves). {@link #effective} gives the queue term only, which
     * is what it balances.
     */
    BALANCED("balanced");

    private final String configName;

    Variant(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static Variant fromConfigName(String name) {
        return ConfigNamed.parse(Variant.class, "QueueFlower variant", name);
    }

    /** The weights this variant applies, given the configured ones. */
    public Weights effective(Weights configured) {
        return switch (this) {
            case PROP, BALANCED -> new Weights(1, 0, 0);
            case PROP_SLA -> new Weights(configured.queue(), configured.averageViolation(), 0);
            case PROP_SLA2 -> configured;
        };
    }
}
