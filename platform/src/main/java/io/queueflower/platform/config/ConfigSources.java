package io.queueflower.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where every app's configuration comes from, in increasing precedence: the app's defaults, a properties or YAML
 * file, environment variables, then command-line overrides.
 *
 * <p>Environment variables follow the container convention: {@code QF_WINDOW_SIZE_MS=60000} sets
 * {@code window.size.ms}, {@code QF_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}. That mapping is only
 * reversible because every key of ours uses dots and lowercase letters, never dashes or underscores.
 */
public final class ConfigSources {
    public static final String ENV_PREFIX = "QF_";
    /** Read by the logging configuration (logback.xml), not configuration keys. */
    public static final java.util.Set<String> LOGGING_VARIABLES = java.util.Set.of("QF_LOG_FORMAT", "QF_LOG_LEVEL");

    private ConfigSources() {
    }

    /** Merges file, environment and overrides (each may be empty); later sources win. */
    public static Map<String, String> load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>();
        if (file != null) {
            merged.putAll(readFile(file));
        }
        merged.putAll(fromEnvironment(environment));
        merged.putAll(overrides);
        return merged;
    }

    /** Reads a {@code .properties} file, or a {@code .yaml}/{@code .yml} file whose nesting becomes dotted keys. */
    public static Map<String, String> readFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return readYaml(file);
            }
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            Map<String, String> values = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(k -> values.put(k.trim(), properties.getProperty(k).trim()));
            return values;
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, String> readYaml(Path file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            throw new ConfigException("configuration file " + file + " must hold a mapping of keys to values");
        }
        flatten("", root, values, file);
        return values;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out, file);
            }
        } else if (node.isArray()) {
            // Kafka's list type is comma-separated, so a YAML list becomes exactly that.
            StringBuilder joined = new StringBuilder();
            for (JsonNode element : node) {
                if (!element.isValueNode()) {
                    throw new ConfigException("configuration file " + file + ": key '" + prefix
                            + "' holds a list of non-scalar values");
                }
                if (!joined.isEmpty()) {
                    joined.append(',');
                }
                joined.append(element.asText());
            }
            out.put(prefix, joined.toString());
        } else {
            out.put(prefix, node.isNull() ? "" : node.asText());
        }
    }

    /** Keys from {@code QF_*} environment variables; all other variables are ignored. */
    public static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> values = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()
                    && !LOGGING_VARIABLES.contains(name)) {
                values.put(environmentKey(name), value);
            }
        });
        return values;
    }

    static String environmentKey(String variable) {
        return variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The environment variable that sets {@code key}, for documentation and error messages. */
    public static String environmentVariable(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
