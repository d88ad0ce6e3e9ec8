package io.queueflower.streams.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Durations on the command line: a whole number with a unit, {@code 500ms}, {@code 90s}, {@code 1m}, {@code 2h}, or
 * ISO-8601 ({@code PT1M30S}). java.time parses only the ISO form, which nobody types for a window length.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(text);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        if (text.startsWith("pt")) {
            try {
                Duration duration = Duration.parse(text);
                if (!duration.isNegative()) {
                    return duration;
                }
            } catch (DateTimeParseException e) {
                // fall through to the message below
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: expected a whole number "
                + "with a unit ms, s, m or h (e.g. 90s, 1m, 500ms) or ISO-8601 (PT90S)");
    }

    /** The shortest exact spelling, e.g. 90s or 1500ms, for help texts and messages. */
    static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0 && ms > 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
