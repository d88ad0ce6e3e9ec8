package io.queueflower.platform.config;

import io.queueflower.core.workload.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A command's options generated from its {@link ConfigDef}, so a flag and the configuration key it sets cannot drift
 * apart: {@code --speedup 8} is {@code sim.speedup=8}, and the key's documentation and default are the flag's help.
 * Every command built this way also takes {@code --config FILE}, {@code --set KEY=VALUE} and {@code --print-config}.
 *
 * <p>Precedence, lowest first: the definition's defaults, the file, {@code QF_*} environment variables, {@code --set},
 * then the command's own flags — what is typed last on the command line wins over what sits in the environment.
 *
 * <p>Written here because picocli binds options to fields, and Kafka's {@code ConfigDef} knows nothing of command
 * lines; the two meet in this small table.
 *
 * @param definition the command's keys
 * @param prefix     stripped from a key to name its flag ({@code sim.} makes {@code sim.epoch.start} {@code --epoch-start})
 * @param extraNames more names for a key's flag (short options such as {@code -R}), by key
 * @param extraFlags flags for keys outside the definition, e.g. {@code --kafka-bootstrap} for {@code bootstrap.servers}
 */
public record ConfigOptions(ConfigDef definition, String prefix, Map<String, List<String>> extraNames,
                            List<ExtraFlag> extraFlags) {
    static final String CONFIG = "--config";
    static final String SET = "--set";
    static final String PRINT_CONFIG = "--print-config";
    private static final Pattern INVALID_VALUE = Pattern.compile("for configuration (\\S+?):? ");

    /** A flag for a pass-through key, which has no documentation of ours in the definition. */
    public record ExtraFlag(String name, String key, String description) {
    }

    public ConfigOptions {
        Objects.requireNonNull(definition, "definition");
        extraNames = Map.copyOf(extraNames);
        extraFlags = List.copyOf(extraFlags);
    }

    public ConfigOptions(ConfigDef definition, String prefix) {
        this(definition, prefix, Map.of(), List.of());
    }

    /** The flag that sets {@code key}: the key without the prefix, dots turned into dashes. */
    public String flagOf(String key) {
        return extraFlags.stream().filter(f -> f.key().equals(key)).map(ExtraFlag::name).findFirst()
                .orElseGet(() -> "--" + (key.startsWith(prefix) ? key.substring(prefix.length()) : key)
                        .replace('.', '-'));
    }

    /** Adds the generated options to a command's model (picocli calls this through a model transformer). */
    public CommandSpec install(CommandSpec spec) {
        spec.addOption(OptionSpec.builder(CONFIG).paramLabel("FILE").type(Path.class)
                .description("Configuration file (.properties, or .yaml whose nesting makes the dotted keys).")
                .build());
        spec.addOption(OptionSpec.builder(SET).paramLabel("KEY=VALUE").type(Map.class)
                .auxiliaryTypes(String.class, String.class)
                .description("Set any key, this command's or a Kafka client's (repeatable).").build());
        spec.addOption(OptionSpec.builder(PRINT_CONFIG).arity("0").type(boolean.class)
                .description("Print the effective configuration (secrets masked) and exit.").build());
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            List<String> names = new ArrayList<>(extraNames.getOrDefault(key.name, List.of()));
            names.add(flagOf(key.name));
            OptionSpec.Builder option = OptionSpec.builder(names.toArray(String[]::new))
                    // picocli reads a description as a format string: a literal % must be doubled
                    .description((key.documentation + " [" + key.name + ", default: "
                            + ConfigReference.shownDefault(key) + "]").replace("%", "%%"));
            switch (key.type) {
                case BOOLEAN -> option.type(String.class).arity("0..1").fallbackValue("true").paramLabel("true|false");
                case LIST -> option.type(List.class).auxiliaryTypes(String.class).paramLabel("A,B,...");
                default -> option.type(String.class).paramLabel(label(key.name, key));
            }
            spec.addOption(option.build());
        }
        for (ExtraFlag flag : extraFlags) {
            spec.addOption(OptionSpec.builder(flag.name()).type(String.class).paramLabel("VALUE")
                    .description(flag.description() + " [" + flag.key() + "]").build());
        }
        return spec;
    }

    private static String label(String name, ConfigDef.ConfigKey key) {
        return switch (key.type) {
            case LONG -> name.endsWith(".ms") ? "MS|DURATION" : "N";
            case INT, SHORT -> "N";
            case DOUBLE -> "X";
            default -> "VALUE";
        };
    }

    /** The file given with {@code --config}, if any. */
    public static Optional<Path> configFile(ParseResult parsed) {
        return Optional.ofNullable(parsed.matchedOptionValue(CONFIG, null));
    }

    /** Whether {@code --print-config} was given. */
    public static boolean printConfigRequested(ParseResult parsed) {
        return parsed.hasMatchedOption(PRINT_CONFIG);
    }

    /**
     * Prints the effective configuration, secrets masked, as every app does at start.
     *
     * @return true when {@code --print-config} asked for nothing more
     */
    public static boolean printEffective(AppConfig config, ParseResult parsed, PrintWriter out) {
        out.println("Effective configuration:");
        out.print(config.describe());
        out.flush();
        return printConfigRequested(parsed);
    }

    /** Every configured value: file, then environment, then {@code --set}, then this command's flags. */
    public Map<String, String> values(ParseResult parsed, Map<String, String> environment) {
        Map<String, String> sets = parsed.matchedOptionValue(SET, Map.of());
        Map<String, String> values = ConfigSources.load(configFile(parsed).orElse(null), environment, sets);
        values.putAll(flags(parsed));
        return values;
    }

    /** Only the values given as this command's own flags, by key. */
    public Map<String, String> flags(ParseResult parsed) {
        Map<String, String> given = new LinkedHashMap<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            String name = option.longestName();
            if (name.equals(CONFIG) || name.equals(SET) || name.equals(PRINT_CONFIG) || option.usageHelp()
                    || option.versionHelp()) {
                continue;
            }
            Optional<String> generated = keyOf(name);
            if (generated.isEmpty()) {
                continue; // the command's own option (replay's --input), not a configuration key
            }
            String key = generated.get();
            Object value = option.getValue();
            given.put(key, value instanceof List<?> list
                    ? String.join(",", list.stream().map(String::valueOf).toList())
                    : millisecondsOf(key, String.valueOf(value)));
        }
        return given;
    }

    /**
     * A flag of a millisecond key also takes a duration ({@code --window-size-ms 90s}): people type durations on a
     * command line, and the key keeps its Kafka-style unit for files and the environment.
     */
    private String millisecondsOf(String key, String value) {
        ConfigDef.ConfigKey definitionKey = definition.configKeys().get(key);
        if (definitionKey == null || definitionKey.type != ConfigDef.Type.LONG || !key.endsWith(".ms")
                || value.trim().matches("-?\\d+")) {
            return value;
        }
        try {
            return Long.toString(Math.round(Durations.parseSeconds(value, key) * 1000));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, value, "neither milliseconds nor a duration (examples: 1500, 500ms, 30s, "
                    + "2m, 1h)");
        }
    }

    private Optional<String> keyOf(String flag) {
        for (ExtraFlag extra : extraFlags) {
            if (extra.name().equals(flag)) {
                return Optional.of(extra.key());
            }
        }
        return definition.names().stream().filter(k -> flagOf(k).equals(flag)).findFirst();
    }

    /**
     * A configuration error with the ways to set the key it names: the message of Kafka's {@code ConfigException}
     * names the key; a user who typed a flag needs to see that flag named too.
     */
    String explain(String message) {
        List<String> keys = new ArrayList<>(definition.names());
        extraFlags.forEach(f -> keys.add(f.key()));
        // The key the message is about: Kafka's "Invalid value V for configuration KEY", or a message that starts
        // with the key. A message that merely lists keys (an unknown key and its suggestions) names none of them.
        Matcher invalid = INVALID_VALUE.matcher(message);
        Optional<String> named = invalid.find() && keys.contains(invalid.group(1)) ? Optional.of(invalid.group(1))
                : keys.stream().filter(k -> message.startsWith(k + " ") || message.startsWith(k + ":"))
                        .max(Comparator.comparingInt(String::length));
        return named.map(key -> message + " (set with " + flagOf(key) + ", " + ConfigSources.environmentVariable(key)
                        + " or " + key + " in --config FILE)")
                .orElse(message);
    }

    /** Reports a rejected configuration, with the ways to set the key it names; returns the exit status, 2. */
    public int reject(PrintWriter err, String message) {
        err.println("Invalid configuration: " + explain(message));
        err.flush();
        return 2;
    }

    /**
     * Only the {@code QF_*} variables of keys under {@code prefix}, for a command that has no business with the rest
     * (the demo brings its own broker: a shell's {@code QF_BOOTSTRAP_SERVERS} is not for it).
     */
    public static Map<String, String> variablesWithPrefix(Map<String, String> environment, String prefix) {
        String variablePrefix = ConfigSources.environmentVariable(prefix);
        Map<String, String> own = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(variablePrefix)) {
                own.put(name, value);
            }
        });
        return own;
    }

    /** Picocli's hook to add the options whenever the command is built, as top-level command or subcommand. */
    public interface Installer extends CommandLine.IModelTransformer {
        ConfigOptions options();

        @Override
        default CommandSpec transform(CommandSpec spec) {
            return options().install(spec);
        }
    }
}
