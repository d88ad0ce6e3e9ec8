package io.queueflower.streams.cli;

import io.queueflower.core.algorithm.AlgorithmKind;
import io.queueflower.core.algorithm.ConfigNamed;
import io.queueflower.core.algorithm.Estimator;
import io.queueflower.core.algorithm.LeftoverRule;
import io.queueflower.core.algorithm.Variant;
import io.queueflower.platform.config.ConfigSources;
import io.queueflower.streams.config.StreamsAppConfig;
import io.queueflower.streams.decode.SpanDecodeException;
import io.queueflower.streams.decode.SpanFormat;
import io.queueflower.streams.replay.ProgressReporter;
import io.queueflower.streams.replay.Replay;
import io.queueflower.streams.replay.WindowReport;
import io.queueflower.streams.replay.WindowReportWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code replay}: the whole streams topology over a file of spans, one JSON line per closed window. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = ReplayCommand.ConfigDefaults.class,
        description = {
                "Replays a file of spans through the streams app's own topology (ingestion,",
                "trace assembly, windows, decisions) on an in-process test driver, without",
                "Kafka, and writes one JSON object per closed window, one per line, with the",
                "keys windowStart, windowEnd (epoch ms), flows (flow -> {traces, meanMs,",
                "p90Ms, p99Ms, errors}), queues (service -> flow -> q), serviceQueue, tail",
                "(service -> flow -> t), avgViolation, tailViolation, blocking (service ->",
                "value), replicas (Deployment -> target), algorithm, variant and estimator",
                "(the last two null unless the algorithm is queueflower).",
                "",
                "Event time is the spans' own: windows are aligned to the epoch, as Kafka",
                "Streams' tumbling windows are, and a trace belongs to the window of its root",
                "span's start. At the end of the input every open window is closed and",
                "reported; windows that would start after the last span are not. A Deployment",
                "is named after its service unless deployment.pattern or deployment.map say",
                "otherwise.",
                "",
                "Input framing by format (as for ingest):",
                "  jaeger-json, otlp-json    one record per line; blank lines are skipped",
                "  jaeger-ui                 the whole input is one JSON document",
                "                            {\"data\":[trace...]}",
                "  jaeger-proto, otlp-proto  every record is a 4-byte big-endian length,",
                "                            then that many bytes of protobuf",
                "  auto                      detected from the first bytes, then per record",
                "",
                "A record that does not decode goes to the dead-letter topic, as in the live",
                "app, and the replay goes on; how many did and the first error (with its",
                "record number and line or byte offset) are reported on standard error.",
                ""},
        footer = {
                "",
                "Configuration: any other key of the streams app (see 'run') from --config",
                "FILE (.properties or .yaml), then --set KEY=VALUE, then the options above;",
                "an option and a --set of the same key must agree. QF_* environment variables",
                "are not read: a replay depends only on its command line and files. Replay",
                "sets schema.registry.url (an in-process registry), application.id and",
                "state.dir (a temporary directory, see --state-dir, deleted afterwards)",
                "itself, so a configuration file written for 'run' can be reused.",
                "",
                "Progress (records read, spans, windows closed) goes to standard error, at",
                "most once a second.",
                "",
                "Exit status: 0 when the input was replayed, even if some records were",
                "dead-lettered; 1 when the input cannot be read or cut into records (the",
                "message names the record number and its line or byte offset), when not one",
                "record decoded, or when the output cannot be written; 2 for bad options or",
                "configuration. A failed replay leaves no output file behind."})
public final class ReplayCommand implements Callable<Integer> {
    /** Option → configuration key, for the options that are shorthands for one key. */
    private static final Map<String, String> OPTION_KEYS = new LinkedHashMap<>();

    static {
        OPTION_KEYS.put("--format", StreamsAppConfig.INPUT_FORMAT);
        OPTION_KEYS.put("--algorithm", StreamsAppConfig.ALGORITHM);
        OPTION_KEYS.put("--variant", StreamsAppConfig.VARIANT);
        OPTION_KEYS.put("--estimator", StreamsAppConfig.ESTIMATOR);
        OPTION_KEYS.put("--leftover", StreamsAppConfig.LEFTOVER);
        OPTION_KEYS.put("--seed", StreamsAppConfig.SEED);
        OPTION_KEYS.put("--window", StreamsAppConfig.WINDOW_SIZE_MS);
        OPTION_KEYS.put("--free-pods", StreamsAppConfig.FREE_PODS);
        OPTION_KEYS.put("--base-replicas", StreamsAppConfig.BASE_REPLICAS);
        OPTION_KEYS.put("--sla-avg", StreamsAppConfig.SLA_AVG_FILE);
        OPTION_KEYS.put("--sla-tail", StreamsAppConfig.SLA_TAIL_FILE);
        OPTION_KEYS.put("--violation-clip", StreamsAppConfig.VIOLATION_CLIP);
    }

    @Spec
    private CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE|-",
            description = "File of spans, or - for standard input.")
    private String input;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", converter = IngestCommand.FormatConverter.class,
            completionCandidates = IngestCommand.FormatNames.class,
            description = "Span format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private SpanFormat format;

    @Option(names = "--algorithm", paramLabel = "NAME", converter = Algorithms.class,
            completionCandidates = Algorithms.class,
            description = "Scaling algorithm: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private AlgorithmKind algorithm;

    @Option(names = "--variant", paramLabel = "NAME", converter = Variants.class, completionCandidates = Variants.class,
            description = "QueueFlower variant: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Variant variant;

    @Option(names = "--estimator", paramLabel = "NAME", converter = Estimators.class,
            completionCandidates = Estimators.class,
            description = "Queue estimator: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Estimator estimator;

    @Option(names = "--leftover", paramLabel = "RULE", converter = LeftoverRules.class,
            completionCandidates = LeftoverRules.class,
            description = "Who gets the pods the floor leaves over: ${COMPLETION-CANDIDATES} "
                    + "(default: ${DEFAULT-VALUE}).")
    private LeftoverRule leftover;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random leftover rule (default: ${DEFAULT-VALUE}).")
    private Long seed;

    @Option(names = "--window", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Window length, e.g. 90s, 1m, 1500ms; at least 1s (default: ${DEFAULT-VALUE}).")
    private Duration window;

    @Option(names = "--free-pods", paramLabel = "N", description = "Free pod pool shared out (default: ${DEFAULT-VALUE}).")
    private Integer freePods;

    @Option(names = "--base-replicas", paramLabel = "N",
            description = "Replicas every service gets first (default: ${DEFAULT-VALUE}).")
    private Integer baseReplicas;

    @Option(names = "--sla-avg", paramLabel = "FILE",
            description = "CSV of average SLAs in ms: header service,<flow>,..., one row per service, an empty cell "
                    + "meaning no SLA (default: none).")
    private Path slaAvg;

    @Option(names = "--sla-tail", paramLabel = "FILE", description = "CSV of tail SLAs in ms, same format (default: none).")
    private Path slaTail;

    @Option(names = "--violation-clip", paramLabel = "true|false", arity = "1",
            description = "Count only positive SLA violations; false reproduces the reference (default: ${DEFAULT-VALUE}).")
    private Boolean violationClip;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE|-",
            description = "Where to write the JSON lines: a file (replaced only when the replay succeeds) or - for "
                    + "standard output (the default).")
    private String output;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the temporary state directory is made (default: /dev/shm where it exists, else the "
                    + "system's temporary directory): the driver syncs state to disk after every record, which is "
                    + "slow on a real disk.")
    private Path stateParent;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties or YAML configuration file.")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set any configuration key (repeatable).")
    private Map<String, String> overrides = new LinkedHashMap<>();

    private final OutputStream standardOutput;

    public ReplayCommand() {
        this(System.out);
    }

    /** For tests: standard output replaced by {@code standardOutput}. */
    ReplayCommand(OutputStream standardOutput) {
        this.standardOutput = standardOutput;
    }

    @Override
    public Integer call() {
        CliLogging.quietTemporaryStateWarning();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> settings = validated(settings());
        String source = input.equals("-") ? "standard input" : input;
        ProgressReporter progress = new ProgressReporter(err, Duration.ofSeconds(1), System::nanoTime);
        try (InputStream in = openInput(); WindowReportWriter writer = openWriter()) {
            Replay.Summary summary = Replay.run(settings,
                    stateParent == null ? Replay.defaultStateParent() : stateParent, in, new Replay.Listener() {
                @Override
                public void window(WindowReport report) throws IOException {
                    writer.write(report);
                }

                @Override
                public void progress(Replay.Progress now) {
                    progress.offer(now);
                }
            });
            if (summary.spans() == 0 && summary.deadLetters() > 0) {
                // Not one record decoded: the input is not what --format says, and an empty result would hide that.
                err.printf("replay: %s: no record could be decoded (%s dead-lettered); the first: %s%n", source,
                        summary.deadLetters(), summary.firstDeadLetter());
                err.flush();
                return 1;
            }
            writer.commit();
            report(err, summary, source, settings);
            return 0;
        } catch (SpanDecodeException e) {
            err.println("replay: " + source + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            err.println("replay: " + e.getFile() + ": no such file or directory");
        } catch (IOException | UncheckedIOException e) {
            err.println("replay: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        err.flush();
        return 1;
    }

    /**
     * The configuration in force: file, then --set, then the options that were given. Package-private for tests.
     *
     * @throws ParameterException when an option and a --set of the same key disagree
     */
    Map<String, String> settings() {
        Map<String, String> values = new TreeMap<>();
        if (config != null) {
            try {
                values.putAll(ConfigSources.readFile(config));
            } catch (ConfigException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
        values.putAll(overrides);
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        OPTION_KEYS.forEach((option, key) -> {
            if (!parsed.hasMatchedOption(option)) {
                return;
            }
            String value = configValue(spec.findOption(option).getValue());
            String set = overrides.get(key);
            if (set != null && !set.equals(value)) {
                throw new ParameterException(spec.commandLine(), option + " " + value + " and --set " + key + "=" + set
                        + " disagree; give only one of them");
            }
            values.put(key, value);
        });
        return values;
    }

    /** Checks the whole configuration, SLA files included, before any input is read. */
    private Map<String, String> validated(Map<String, String> settings) {
        if (window != null && spec.commandLine().getParseResult().hasMatchedOption("--window")
                && window.toMillis() < 1_000) {
            throw new ParameterException(spec.commandLine(), "--window " + DurationConverter.format(window)
                    + ": a window must be at least 1s");
        }
        Map<String, String> probe = new HashMap<>(settings);
        probe.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, "mock://replay-validation");
        try {
            StreamsAppConfig effective = new StreamsAppConfig(probe);
            effective.algorithmConfig();
            effective.deploymentNames();
        } catch (ConfigException | IllegalArgumentException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), "invalid configuration: " + e.getMessage(), e);
        }
        return settings;
    }

    private void report(PrintWriter err, Replay.Summary summary, String source, Map<String, String> settings) {
        String format = settings.getOrDefault(StreamsAppConfig.INPUT_FORMAT, "auto");
        String algorithmName = settings.getOrDefault(StreamsAppConfig.ALGORITHM, "queueflower");
        err.printf("replay: %s from %s, %s of %s (%s, %s) to %s%n", count(summary.windows(), "window"),
                count(summary.records(), "record"), count(summary.spans(), "span"), source, format, algorithmName,
                output == null || output.equals("-") ? "standard output" : output);
        if (summary.deadLetters() > 0) {
            err.printf("replay: warning: %s could not be decoded and went to the dead-letter topic, as in the live "
                    + "app; the first: %s%n", count(summary.deadLetters(), "record"), summary.firstDeadLetter());
        }
        if (summary.lateTraces() > 0) {
            err.printf("replay: warning: %s arrived after their window had closed and are in no window; is the input "
                    + "in time order?%n", count(summary.lateTraces(), "trace"));
        }
        if (summary.lateSpans() > 0) {
            err.printf("replay: warning: %s arrived after their trace had been assembled (counted as late)%n",
                    count(summary.lateSpans(), "span"));
        }
        err.flush();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private InputStream openInput() throws IOException {
        if (input.equals("-")) {
            // Standard input belongs to the process; keep it open for whoever runs after us.
            return new FilterInputStream(System.in) {
                @Override
                public void close() {
                }
            };
        }
        return Files.newInputStream(Path.of(input));
    }

    private WindowReportWriter openWriter() throws IOException {
        if (output == null || output.equals("-")) {
            return WindowReportWriter.toStream(standardOutput);
        }
        return WindowReportWriter.toFile(Path.of(output));
    }

    /** How an option value is spelled in the configuration. */
    private static String configValue(Object value) {
        if (value instanceof ConfigNamed named) {
            return named.configName();
        }
        if (value instanceof SpanFormat spanFormat) {
            return spanFormat.cliName();
        }
        if (value instanceof Duration duration) {
            return Long.toString(duration.toMillis());
        }
        return String.valueOf(value);
    }

    /** Option defaults for the help, from the configuration definition, so the two cannot drift apart. */
    static final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec argSpec) {
            if (!(argSpec instanceof OptionSpec option)) {
                return null;
            }
            String key = OPTION_KEYS.get(option.longestName());
            ConfigDef.ConfigKey definition = key == null ? null : StreamsAppConfig.DEFINITION.configKeys().get(key);
            if (definition == null || !definition.hasDefault() || definition.defaultValue == null
                    || String.valueOf(definition.defaultValue).isEmpty()) {
                return null;
            }
            if (key.equals(StreamsAppConfig.WINDOW_SIZE_MS)) {
                return DurationConverter.format(Duration.ofMillis(((Number) definition.defaultValue).longValue()));
            }
            return String.valueOf(definition.defaultValue);
        }
    }

    /** Converter and help values of a {@link ConfigNamed} option. */
    abstract static class Named<E extends Enum<E> & ConfigNamed>
            implements CommandLine.ITypeConverter<E>, Iterable<String> {
        private final Class<E> type;
        private final String option;

        Named(Class<E> type, String option) {
            this.type = type;
            this.option = option;
        }

        @Override
        public E convert(String value) {
            try {
                return ConfigNamed.parse(type, option, value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(type.getEnumConstants()).map(ConfigNamed::configName).iterator();
        }
    }

    static final class Algorithms extends Named<AlgorithmKind> {
        Algorithms() {
            super(AlgorithmKind.class, "algorithm");
        }
    }

    static final class Variants extends Named<Variant> {
        Variants() {
            super(Variant.class, "variant");
        }
    }

    static final class Estimators extends Named<Estimator> {
        Estimators() {
            super(Estimator.class, "estimator");
        }
    }

    static final class LeftoverRules extends Named<LeftoverRule> {
        LeftoverRules() {
            super(LeftoverRule.class, "leftover rule");
        }
    }
}
