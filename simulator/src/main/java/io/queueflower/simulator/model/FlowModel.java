package io.queueflower.simulator.model;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One request flow: what a request of this type does, how often it comes, and its SLAs.
 *
 * @param root         the entry call; its operation names the flow (the root span's operation)
 * @param weight       share of the request mix (weights need not sum to 1)
 * @param averageSlaMs SLA on the flow's mean end-to-end latency, ms, if any
 * @param tailSlaMs    SLA on the flow's tail latency, ms, if any (a single request above it violates it)
 */
public record FlowModel(CallNode root, double weight, OptionalDouble averageSlaMs, OptionalDouble tailSlaMs) {
    public FlowModel {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(averageSlaMs, "averageSlaMs");
        Objects.requireNonNull(tailSlaMs, "tailSlaMs");
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("flow " + root.operation() + ": weight must be >= 0, got " + weight);
        }
    }

    /** The flow as traces name it: the root operation. */
    public String name() {
        return root.operation();
    }
}
