package io.queueflower.core.workload;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the short duration notation used on the command line and in pattern specs ({@code 500ms}, {@code 30s},
 * {@code 2m}, {@code 1h}, or a bare number of seconds). {@link java.time.Duration#parse} wants ISO-8601
 * ({@code PT30S}), which nobody types for a load test, so this small parser exists.
 */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h)?\\s*");

    private Durations() {
    }

    /**
     * @param text the duration text
     * @param what what the text is for, named in the error message (e.g. "--duration")
     * @return the duration in seconds, finite and not negative
     * @throws IllegalArgumentException naming {@code what} and the text when it is not a duration
     */
    public static double parseSeconds(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + ": missing duration");
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not a duration (examples: 500ms, 30s, 2m, 1h, 45)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> value / 1000.0;
            case "s" -> value;
            case "m" -> value * 60.0;
            case "h" -> value * 3600.0;
            default -> throw new IllegalStateException("unit " + unit);
        };
    }

    /** Renders seconds compactly for reports and canonical specs ({@code 30s}, {@code 0.5s}). */
    public static String format(double seconds) {
        if (seconds == Math.rint(seconds) && Math.abs(seconds) < 1e15) {
            return (long) seconds + "s";
        }
        return stripZeros(seconds) + "s";
    }

    static String stripZeros(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
