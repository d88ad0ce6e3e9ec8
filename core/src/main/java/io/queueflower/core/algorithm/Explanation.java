package io.queueflower.core.algorithm;

import io.queueflower.avro.ScalingDecision;

/**
 * Why an algorithm chose its targets, in the terms of that algorithm: what the paper's QueueFlower scored, what the
 * balanced controller predicted, HAB's φ, HPA's utilisations. One type per algorithm, so a reader of a decision finds
 * only figures that algorithm computed; each knows how it is recorded in {@code qf.decisions}.
 */
public sealed interface Explanation
        permits ProportionalExplanation, BalancedExplanation, HabExplanation, HpaExplanation, Explanation.Fixed {
    /** The QueueFlower variant that decided, or null for another algorithm. */
    default String variant() {
        return null;
    }

    /** The QueueFlower queue estimator used, or null for another algorithm. */
    default String estimator() {
        return null;
    }

    /** Writes this explanation's fields of the decision record (the others keep their empty defaults). */
    void record(ScalingDecision.Builder decision);

    /** The static allocation's: nothing in the window changed the targets. */
    record Fixed() implements Explanation {
        @Override
        public void record(ScalingDecision.Builder decision) {
        }
    }
}
