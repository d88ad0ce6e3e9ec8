package io.queueflower.platform.config;

import io.queueflower.core.workload.Durations;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Durations are typed the way people type them on a load-test command line ({@code 30s}, {@code 2m}), not as
 * milliseconds; this validator makes a bad one fail when the configuration is built, naming the key.
 */
public final class DurationKey implements ConfigDef.Validator {
    private final boolean zeroAllowed;
    private final boolean emptyAllowed;

    private DurationKey(boolean zeroAllowed, boolean emptyAllowed) {
        this.zeroAllowed = zeroAllowed;
        this.emptyAllowed = emptyAllowed;
    }

    public static DurationKey positive() {
        return new DurationKey(false, false);
    }

    public static DurationKey nonNegative() {
        return new DurationKey(true, false);
    }

    public static DurationKey optional() {
        return new DurationKey(false, true);
    }

    @Override
    public void ensureValid(String name, Object value) {
        String text = value == null ? "" : value.toString().trim();
        if (text.isEmpty() && emptyAllowed) {
            return;
        }
        double seconds;
        try {
            seconds = Durations.parseSeconds(text, name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "not a duration (examples: 500ms, 30s, 2m, 1h, 45)");
        }
        if (!zeroAllowed && !(seconds > 0)) {
            throw new ConfigException(name, value, "must be longer than 0");
        }
    }

    @Override
    public String toString() {
        return (emptyAllowed ? "empty or " : "") + "a duration such as 500ms, 30s, 2m, 1h"
                + (zeroAllowed ? "" : ", > 0");
    }

    public static double seconds(String text, String key) {
        return Durations.parseSeconds(text.trim(), key);
    }
}
