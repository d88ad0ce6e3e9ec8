package io.queueflower.core.safety;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the safety rules make of one requested target: the replicas to set and every rule that changed the value on
 * the way, in the order they were applied.
 */
public record ScalePlan(int current, int requested, int target, List<SafetyRule> clampedBy) {
    public ScalePlan {
        clampedBy = List.copyOf(clampedBy);
    }

    public boolean changesReplicas() {
        return target != current;
    }

    /** {@code min}, {@code max,max-step-down}, ... as written to ScaleEvent.clampedBy; null when no rule applied. */
    public String clampedByText() {
        return clampedBy.isEmpty() ? null
                : clampedBy.stream().map(SafetyRule::wireName).distinct().collect(Collectors.joining(","));
    }
}
