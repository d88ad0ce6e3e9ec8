package io.queueflower.streams.cli;

import io.queueflower.platform.config.ConfigOptions;
import io.queueflower.streams.config.StreamsAppConfig;
import io.queueflower.streams.decode.SpanDecodeException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replay}: the whole streams topology over a file of spans, one JSON line per closed window. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120, abbreviateSynopsis = true,
        modelTransformer = ReplayCommand.Options.class,
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
                "Configuration: every key of the streams app (as for 'run'): defaults <",
                "--config FILE (.properties or .yaml) < --set KEY=VALUE < the flags above,",
                "each of which sets the key named in its help (--window, -f/--format,",
                "--sla-avg and --sla-tail are short names for window.size.ms, input.format,",
                "sla.avg.file and sla.tail.file). QF_* environment variables are not read:",
                "a replay depends only on its command line and files. Replay",
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
    /** The streams app's keys as flags, with the short names replay has always had. */
    static final ConfigOptions OPTIONS = new ConfigOptions(StreamsAppConfig.DEFINITION, "", Map.of(
            StreamsAppConfig.INPUT_FORMAT, List.of("-f", "--format"),
            StreamsAppConfig.WINDOW_SIZE_MS, List.of("--window"),
            StreamsAppConfig.SLA_AVG_FILE, List.of("--sla-avg"),
            StreamsAppConfig.SLA_TAIL_FILE, List.of("--sla-tail")), List.of());

    public static final class Options implements ConfigOptions.Installer {
        @Override
        public ConfigOptions options() {
            return OPTIONS;
        }
    }

    @Spec
    private CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE|-",
            description = "File of spans, or - for standard input.")
    private String input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE|-",
            description = "Where to write the JSON lines: a file (replaced only when the replay succeeds) or - for "
                    + "standard output (the default).")
    private String output;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the temporary state directory is made (default: /dev/shm where it exists, else the "
                    + "system's temporary directory): the driver syncs state to disk after every record, which is "
                    + "slow on a real disk.")
    private Path stateParent;

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
        Map<String, String> settings;
        StreamsAppConfig effective;
        try {
            settings = settings();
            effective = validated(settings);
        } catch (ConfigException | IllegalArgumentException | UncheckedIOException e) {
            return OPTIONS.reject(err, e.getMessage());
        }
        if (ConfigOptions.printConfigRequested(spec.commandLine().getParseResult())) {
            ConfigOptions.printEffective(effective, spec.commandLine().getParseResult(), spec.commandLine().getOut());
            return 0;
        }
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

    /** The configuration in force: file, then --set, then the flags that were given. Package-private for tests. */
    Map<String, String> settings() {
        return OPTIONS.values(spec.commandLine().getParseResult(), Map.of());
    }

    /** The whole configuration, SLA files included, checked before any input is read. */
    private static StreamsAppConfig validated(Map<String, String> settings) {
        Map<String, String> withRegistry = new HashMap<>(settings);
        // Replay runs on an in-process registry, which needs no URL from the user.
        withRegistry.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, "mock://replay-validation");
        StreamsAppConfig effective = new StreamsAppConfig(withRegistry);
        effective.algorithmSettings();
        effective.deploymentNames();
        return effective;
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
}
