package io.queueflower.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.queueflower.streams.config.StreamsAppConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter stderr = new StringWriter();
    private final StringWriter out = new StringWriter();

    private CommandLine command() {
        CommandLine command = new CommandLine(new ReplayCommand(stdout));
        command.setErr(new PrintWriter(stderr, true));
        command.setOut(new PrintWriter(out, true));
        return command;
    }

    /** The configuration the options amount to, without running anything. */
    private Map<String, String> settings(String... args) {
        CommandLine command = command();
        command.parseArgs(args);
        return ((ReplayCommand) command.getCommand()).settings();
    }

    @Test
    void optionsMapOntoConfigurationKeys() {
        Map<String, String> settings = settings("--input", "spans.json", "--format", "otlp-json",
                "--algorithm", "queueflower", "--variant", "prop", "--estimator", "littles-law",
                "--leftover", "random", "--seed", "7", "--window", "1m", "--free-pods", "8", "--base-replicas", "2",
                "--sla-avg", "avg.csv", "--sla-tail", "tail.csv", "--violation-clip", "false");

        assertThat(settings).containsOnly(
                entry(StreamsAppConfig.INPUT_FORMAT, "otlp-json"),
                entry(StreamsAppConfig.ALGORITHM, "queueflower"),
                entry(StreamsAppConfig.VARIANT, "prop"),
                entry(StreamsAppConfig.ESTIMATOR, "littles-law"),
                entry(StreamsAppConfig.LEFTOVER, "random"),
                entry(StreamsAppConfig.SEED, "7"),
                entry(StreamsAppConfig.WINDOW_SIZE_MS, "60000"),
                entry(StreamsAppConfig.FREE_PODS, "8"),
                entry(StreamsAppConfig.BASE_REPLICAS, "2"),
                entry(StreamsAppConfig.SLA_AVG_FILE, "avg.csv"),
                entry(StreamsAppConfig.SLA_TAIL_FILE, "tail.csv"),
                entry(StreamsAppConfig.VIOLATION_CLIP, "false"));
        StreamsAppConfig config = new StreamsAppConfig(Map.of("schema.registry.url", "mock://x",
                StreamsAppConfig.LEFTOVER, settings.get(StreamsAppConfig.LEFTOVER),
                StreamsAppConfig.SEED, settings.get(StreamsAppConfig.SEED),
                StreamsAppConfig.VIOLATION_CLIP, settings.get(StreamsAppConfig.VIOLATION_CLIP),
                StreamsAppConfig.VARIANT, settings.get(StreamsAppConfig.VARIANT),
                StreamsAppConfig.ESTIMATOR, settings.get(StreamsAppConfig.ESTIMATOR)));
        var algorithm = config.algorithmSettings();
        assertThat(algorithm.leftover().configName()).isEqualTo("random");
        assertThat(algorithm.seed()).isEqualTo(7);
        assertThat(algorithm.clipViolations()).isFalse();
        assertThat(algorithm.variant().configName()).isEqualTo("prop");
        assertThat(algorithm.estimator().configName()).isEqualTo("littles-law");
    }

    @Test
    void optionsNotGivenLeaveTheConfigurationAlone() throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "algorithm=hab\nwindow.size.ms=30000\nbootstrap.servers=kafka:9092\n");

        Map<String, String> settings = settings("--input", "x", "--config", file.toString(), "--set", "free.pods=4",
                "--variant", "prop-sla");

        assertThat(settings).containsOnly(entry("algorithm", "hab"), entry("window.size.ms", "30000"),
                entry("bootstrap.servers", "kafka:9092"), entry("free.pods", "4"), entry("variant", "prop-sla"));
    }

    @Test
    void anOptionWinsOverTheConfigurationFile() throws IOException {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, "algorithm: hab\nwindow:\n  size:\n    ms: 30000\n");

        Map<String, String> settings = settings("--input", "x", "--config", file.toString(), "--algorithm", "static",
                "--window", "2m");

        assertThat(settings).containsEntry("algorithm", "static").containsEntry("window.size.ms", "120000");
    }

    @Test
    void aFlagWinsOverASetOfTheSameKeyAsInEveryCommand() {
        assertThat(settings("--input", "x", "--algorithm", "hab", "--set", "algorithm=hpa"))
                .containsEntry("algorithm", "hab");
    }

    @Test
    void anUnknownAlgorithmIsRejectedNamingTheChoicesAndTheFlag() {
        int exit = command().execute("--input", "x", "--algorithm", "queue-flower");

        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString()).contains("Invalid configuration: Invalid value queue-flower for configuration "
                + "algorithm: String must be one of: queueflower, hab, hpa, static (set with --algorithm");
    }

    @Test
    void unknownVariantEstimatorAndLeftoverAreRejected() {
        assertThat(command().execute("--input", "x", "--variant", "prop-sla3")).isEqualTo(2);
        assertThat(command().execute("--input", "x", "--estimator", "little")).isEqualTo(2);
        assertThat(command().execute("--input", "x", "--leftover", "largest")).isEqualTo(2);
        assertThat(stderr.toString()).contains("Invalid value prop-sla3 for configuration variant")
                .contains("Invalid value little for configuration estimator")
                .contains("Invalid value largest for configuration leftover");
    }

    @Test
    void aWindowThatIsNotADurationIsRejected() {
        int exit = command().execute("--input", "x", "--window", "90 seconds");

        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString()).contains("Invalid value 90 seconds for configuration window.size.ms: neither "
                + "milliseconds nor a duration");
    }

    @Test
    void aWindowShorterThanASecondIsRejectedBeforeAnyInputIsRead() {
        int exit = command().execute("--input", dir.resolve("absent.json").toString(), "--window", "500ms");

        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString()).contains("Invalid value 500 for configuration window.size.ms: Value must be at "
                + "least 1000");
    }

    @Test
    void badConfigurationIsReportedBeforeAnyInputIsRead() throws IOException {
        Path sla = dir.resolve("avg.csv");
        Files.writeString(sla, "service,HTTP GET /hotels\nfrontend,fast\n");

        assertThat(command().execute("--input", "x", "--set", "windw.size.ms=1000")).isEqualTo(2);
        assertThat(command().execute("--input", "x", "--free-pods", "-1")).isEqualTo(2);
        assertThat(command().execute("--input", "x", "--sla-avg", sla.toString())).isEqualTo(2);
        assertThat(stderr.toString())
                .contains("Invalid configuration: unknown configuration key 'windw.size.ms'")
                .contains("did you mean 'window.size.ms'?")
                .contains("Invalid value -1 for configuration free.pods")
                .contains(sla + ": line 2");
        assertThat(stdout.size()).isZero();
    }

    @Test
    void writesToStandardOutputByDefault() {
        int exit = command().execute("--input", Path.of(System.getProperty("basedir", "."))
                .resolve("../samples/hotel-reservation-jaeger-ui.json").normalize().toString());

        assertThat(exit).as(stderr.toString()).isZero();
        // the sample spans 3 minutes: six of the default 30 s windows
        assertThat(stdout.toString()).hasLineCount(6).startsWith("{\"windowStart\":1767225600000,\"windowEnd\":"
                + "1767225630000,\"flows\":{\"HTTP GET /hotels\":{\"traces\":");
        assertThat(stderr.toString()).contains("replay: 6 windows from 1 record, 268 spans of ")
                .contains("(auto, queueflower) to standard output");
    }

    @Test
    void helpExplainsDeadLettersDefaultsAndExitStatus() {
        int exit = command().execute("--help");

        assertThat(exit).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")) // as read, whatever the wrapping
                .contains("goes to the dead-letter topic")
                .contains("--window, --window-size-ms=MS|DURATION")
                .contains("Exit status: 0");
        assertThat(out.toString().replaceAll("\\s+", "")) // picocli may wrap a key at its dots
                .contains("[window.size.ms,default:30000]")
                .contains("[variant,default:balanced]")
                .contains("[leftover,default:largest-remainder]");
    }
}
