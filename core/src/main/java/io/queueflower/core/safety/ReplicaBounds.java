package io.queueflower.core.safety;

/** The replica range a Deployment must stay in, whatever a decision asks for. */
public record ReplicaBounds(int min, int max) {
    public ReplicaBounds {
        if (min < 0) {
            throw new IllegalArgumentException("min replicas must be >= 0, got " + min);
        }
        if (max < min) {
            throw new IllegalArgumentException("max replicas (" + max + ") must be >= min replicas (" + min + ")");
        }
    }

    /** Parses {@code min:max}, e.g. {@code 2:20}. */
    public static ReplicaBounds parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not of the form min:max");
        }
        try {
            return new ReplicaBounds(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not of the form min:max with whole numbers");
        }
    }

    public int clamp(int replicas) {
        return Math.max(min, Math.min(max, replicas));
    }

    @Override
    public String toString() {
        return min + ":" + max;
    }
}
