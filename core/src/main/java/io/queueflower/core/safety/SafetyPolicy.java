package io.queueflower.core.safety;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The replica-count rules, applied in the order the HPA applies its own: clamp to the Deployment's bounds, stabilise
 * scale-downs over the window, limit the step from the current count, and finally clamp to the bounds again, because
 * bounds win over step limits (a Deployment found above its maximum goes straight back to it).
 */
public final class SafetyPolicy {
    private final BoundsTable bounds;
    private final StepLimiter steps;
    private final ScaleStabilizer stabilizer;

    public SafetyPolicy(BoundsTable bounds, StepLimiter steps, ScaleStabilizer stabilizer) {
        this.bounds = bounds;
        this.steps = steps;
        this.stabilizer = stabilizer;
    }

    public ScalePlan plan(DeploymentRef ref, Instant at, int current, int requested) {
        if (requested < 0) {
            throw new IllegalArgumentException("requested replicas for " + ref + " must be >= 0, got " + requested);
        }
        if (current < 0) {
            throw new IllegalArgumentException("current replicas of " + ref + " must be >= 0, got " + current);
        }
        ReplicaBounds range = bounds.boundsFor(ref);
        List<SafetyRule> rules = new ArrayList<>();

        int bounded = clamp(range, requested, rules);
        int stabilized = stabilizer.stabilize(ref, at, current, bounded);
        if (stabilized != bounded) {
            rules.add(SafetyRule.STABILIZATION);
        }
        StepLimiter.Step step = steps.limit(current, stabilized);
        if (step.limitedBy() != null) {
            rules.add(step.limitedBy());
        }
        int target = clamp(range, step.replicas(), rules);
        return new ScalePlan(current, requested, target, rules);
    }

    public ScaleStabilizer stabilizer() {
        return stabilizer;
    }

    private static int clamp(ReplicaBounds range, int replicas, List<SafetyRule> rules) {
        if (replicas < range.min()) {
            rules.add(SafetyRule.MIN);
        } else if (replicas > range.max()) {
            rules.add(SafetyRule.MAX);
        }
        return range.clamp(replicas);
    }
}
