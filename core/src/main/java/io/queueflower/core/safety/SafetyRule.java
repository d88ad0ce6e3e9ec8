package io.queueflower.core.safety;

/** A safety rule that can change a requested replica count; {@link #wireName()} is what ScaleEvent.clampedBy says. */
public enum SafetyRule {
    MIN("min"),
    MAX("max"),
    STABILIZATION("stabilization"),
    MAX_STEP_UP("max-step-up"),
    MAX_STEP_DOWN("max-step-down");

    private final String wireName;

    SafetyRule(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
