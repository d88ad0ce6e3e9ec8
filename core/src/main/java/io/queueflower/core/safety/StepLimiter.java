package io.queueflower.core.safety;

/**
 * Limits how far one decision may move a Deployment, separately upwards and downwards, so a wild decision (a bug,
 * a broken estimate) costs at most one step before the next decision can correct it.
 */
public record StepLimiter(int maxStepUp, int maxStepDown) {
    public StepLimiter {
        if (maxStepUp < 1) {
            throw new IllegalArgumentException("max step up must be >= 1, got " + maxStepUp);
        }
        if (maxStepDown < 1) {
            throw new IllegalArgumentException("max step down must be >= 1, got " + maxStepDown);
        }
    }

    /** The result of limiting one move. */
    public record Step(int replicas, SafetyRule limitedBy) {
    }

    public Step limit(int current, int desired) {
        if (desired > current + (long) maxStepUp) {
            return new Step(current + maxStepUp, SafetyRule.MAX_STEP_UP);
        }
        if (desired < current - (long) maxStepDown) {
            return new Step(current - maxStepDown, SafetyRule.MAX_STEP_DOWN);
        }
        return new Step(desired, null);
    }
}
