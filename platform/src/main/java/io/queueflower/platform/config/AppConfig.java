package io.queueflower.platform.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * One app's validated configuration: its own keys, typed by a Kafka {@link ConfigDef} (so defaults, validators,
 * documentation and password masking come from the same place the Kafka clients use), plus Kafka client and serde
 * keys that pass through untouched.
 *
 * <p>Anything else is rejected: a typo such as {@code windw.size.ms} would otherwise be silently ignored and the app
 * would run on a default its operator never chose.
 */
public class AppConfig extends AbstractConfig {
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|secret|jaas|user\\.info|credentials|token|key\\.password|apikey).*");

    private final Map<String, String> passThrough;

    protected AppConfig(ConfigDef definition, Map<String, String> values, PassThrough allowed) {
        super(definition, ownKeys(definition, values), false);
        this.passThrough = allowed.select(definition, values);
    }

    private static Map<String, String> ownKeys(ConfigDef definition, Map<String, String> values) {
        Map<String, String> own = new HashMap<>();
        values.forEach((k, v) -> {
            if (definition.names().contains(k)) {
                own.put(k, v);
            }
        });
        return own;
    }

    /** Kafka client, Streams and serde keys given by the operator, exactly as given. */
    public Map<String, String> passThrough() {
        return passThrough;
    }

    /** Every key and value in force, sorted, secrets masked: what the app prints at start. */
    public String describe() {
        Map<String, String> shown = new TreeMap<>();
        values().forEach((k, v) -> shown.put(k, v == null ? "null" : String.valueOf(v)));
        passThrough.forEach((k, v) -> shown.put(k, SECRET_KEY.matcher(k).matches() ? "[hidden]" : v));
        StringBuilder out = new StringBuilder();
        shown.forEach((k, v) -> out.append("  ").append(k).append(" = ").append(v).append('\n'));
        return out.toString();
    }

    /** Which keys outside an app's own definition are accepted and handed to the Kafka clients. */
    public record PassThrough(Set<String> names, List<String> prefixes) {
        public PassThrough {
            names = Set.copyOf(names);
            prefixes = List.copyOf(prefixes);
        }

        public static PassThrough of(Collection<? extends Collection<String>> nameSets, List<String> prefixes) {
            Set<String> all = new TreeSet<>();
            nameSets.forEach(all::addAll);
            return new PassThrough(all, prefixes);
        }

        boolean allows(String key) {
            return names.contains(key) || prefixes.stream().anyMatch(key::startsWith);
        }

        Map<String, String> select(ConfigDef definition, Map<String, String> values) {
            Map<String, String> selected = new TreeMap<>();
            List<String> unknown = new ArrayList<>();
            values.forEach((k, v) -> {
                if (definition.names().contains(k)) {
                    return;
                }
                if (allows(k)) {
                    selected.put(k, v);
                } else {
                    unknown.add(k);
                }
            });
            if (!unknown.isEmpty()) {
                String key = unknown.get(0);
                throw new ConfigException("unknown configuration key '" + key + "' (environment variable "
                        + ConfigSources.environmentVariable(key) + ")" + suggestion(key, definition)
                        + "; this app's keys are: " + String.join(", ", new TreeSet<>(definition.names()))
                        + ", plus Kafka client keys" + (prefixes.isEmpty() ? "" : " and keys starting with "
                        + String.join(", ", prefixes)));
            }
            return Map.copyOf(selected);
        }

        private String suggestion(String key, ConfigDef definition) {
            Set<String> candidates = new TreeSet<>(definition.names());
            candidates.addAll(names);
            return candidates.stream()
                    .min(Comparator.comparingInt(c -> editDistance(c, key)))
                    .filter(best -> editDistance(best, key) <= Math.max(2, key.length() / 4))
                    .map(best -> "; did you mean '" + best + "'?")
                    .orElse("");
        }
    }

    // A plain Levenshtein distance, only to suggest the key an operator probably meant.
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
