package io.queueflower.streams.cli;

import io.queueflower.platform.config.ConfigOptions;
import io.queueflower.streams.app.StreamsApp;
import io.queueflower.streams.config.StreamsAppConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code streams run}: the long-running Kafka Streams application. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120, abbreviateSynopsis = true,
        modelTransformer = RunCommand.Options.class,
        description = {"Run the Kafka Streams application until stopped (SIGTERM or Ctrl-C close it cleanly).",
                "",
                "Configuration: defaults < --config FILE (.properties or .yaml) < QF_* environment variables "
                        + "(QF_WINDOW_SIZE_MS sets window.size.ms) < --set KEY=VALUE < the flags below (each sets "
                        + "the key named in its help). Kafka Streams, client and serde keys (bootstrap.servers, "
                        + "security.protocol, sasl.*, ssl.*, schema.registry.url, ...) pass through unchanged."},
        footer = {"", "Endpoints on http.port: /health, /ready, /metrics (Prometheus), /stats, /decision."})
public final class RunCommand implements Callable<Integer> {
    /** Every key of the app as a flag: {@code --window-size-ms 90s} sets {@code window.size.ms}. */
    static final ConfigOptions OPTIONS = new ConfigOptions(StreamsAppConfig.DEFINITION, "");

    public static final class Options implements ConfigOptions.Installer {
        @Override
        public ConfigOptions options() {
            return OPTIONS;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    public RunCommand() {
        this(System.getenv());
    }

    RunCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        StreamsAppConfig effective;
        try {
            effective = new StreamsAppConfig(OPTIONS.values(parsed, environment));
            effective.algorithmSettings(); // reads the SLA files: a bad one stops the start, naming file and line
        } catch (ConfigException | IllegalArgumentException | UncheckedIOException e) {
            return OPTIONS.reject(err, e.getMessage());
        }
        if (ConfigOptions.printEffective(effective, parsed, err)) {
            return 0;
        }
        StreamsApp app = StreamsApp.start(effective);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        err.println("queueflower streams: HTTP on port " + app.httpPort()
                + " (/health, /ready, /metrics, /stats, /decision)");
        err.flush();
        app.awaitStop();
        return app.streams().state() == KafkaStreams.State.ERROR ? 1 : 0;
    }
}
