package io.queueflower.platform.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The configuration reference of an app as Markdown rows, generated from its {@link ConfigDef} so the README
 * cannot drift from the code (each app's README test compares them).
 */
public final class ConfigReference {
    public static final String HEADER = "| key | environment | default | meaning |\n| --- | --- | --- | --- |";

    private ConfigReference() {
    }

    /** One row per key, in definition order. */
    public static List<String> rows(ConfigDef definition) {
        return definition.configKeys().values().stream().map(ConfigReference::row).collect(Collectors.toList());
    }

    /**
     * The table rows ({@code | `key` | ...}) of a Markdown document's section under {@code heading}, up to the next
     * heading: each module's README test compares them with {@link #rows} of its definition.
     *
     * @throws IllegalArgumentException when the document has no such heading
     */
    public static List<String> sectionRows(String markdown, String heading) {
        int at = markdown.indexOf("\n" + heading + "\n");
        if (at < 0) {
            throw new IllegalArgumentException("no section '" + heading + "'");
        }
        String section = markdown.substring(at + heading.length() + 2);
        int next = section.indexOf("\n#");
        section = next < 0 ? section : section.substring(0, next);
        return section.lines().filter(l -> l.startsWith("| `")).collect(Collectors.toList());
    }

    /**
     * How a Markdown file's reference table under {@code heading} differs from {@code definition}: rows it lacks or
     * has wrong, then rows it has that the code does not; empty when they agree. Each module's README test is this.
     */
    public static List<String> readmeDifferences(Path markdown, String heading, ConfigDef definition) {
        List<String> documented;
        try {
            documented = sectionRows(Files.readString(markdown), heading);
        } catch (IOException e) {
            return List.of("cannot read " + markdown + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return List.of(markdown + ": " + e.getMessage());
        }
        List<String> expected = rows(definition);
        List<String> differences = new ArrayList<>();
        expected.stream().filter(row -> !documented.contains(row))
                .forEach(row -> differences.add(markdown + " lacks (regenerate with ConfigReference.table): " + row));
        documented.stream().filter(row -> !expected.contains(row))
                .forEach(row -> differences.add(markdown + " has a row the code does not define: " + row));
        if (differences.isEmpty() && !documented.equals(expected)) {
            differences.add(markdown + ": rows are not in definition order");
        }
        return differences;
    }

    public static String table(ConfigDef definition) {
        return HEADER + "\n" + String.join("\n", rows(definition));
    }

    public static String row(ConfigDef.ConfigKey key) {
        return "| `" + key.name + "` | `" + ConfigSources.environmentVariable(key.name) + "` | "
                + shownDefault(key) + " | " + key.documentation.replace("|", "\\|") + " |";
    }

    public static String shownDefault(ConfigDef.ConfigKey key) {
        Object value = key.defaultValue;
        if (value == ConfigDef.NO_DEFAULT_VALUE) {
            return "(required)";
        }
        if (value == null) {
            return "(none)";
        }
        String text = value instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : String.valueOf(value);
        return text.isEmpty() ? "(empty)" : text;
    }
}
