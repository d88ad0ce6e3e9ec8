package io.queueflower.core.algorithm;

import io.queueflower.core.sla.SlaTable;
import java.util.Objects;

/**
 * The paper's QueueFlower ({@code prop}, {@code prop-sla}, {@code prop-sla2}): how it scores services and splits the
 * pool.
 *
 * @param variant        which blend of queue and SLA violations scores a service
 * @param estimator      queue estimator
 * @param weights        blocking weights (0.5, 0.3, 0.2 in the paper)
 * @param clipViolations count only positive per-(service, flow) violations (false for reference parity)
 * @param leftover       who gets the pods the floor leaves over
 * @param seed           seed of the random leftover rule
 * @param averageSla     average SLAs per (service, flow), ms
 * @param tailSla        tail SLAs per (service, flow), ms
 */
public record ProportionalSettings(Variant variant, Estimator estimator, Weights weights, boolean clipViolations,
                                   LeftoverRule leftover, long seed, SlaTable averageSla, SlaTable tailSla) {
    public ProportionalSettings {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(estimator, "estimator");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(leftover, "leftover");
        Objects.requireNonNull(averageSla, "averageSla");
        Objects.requireNonNull(tailSla, "tailSla");
    }
}
