package io.queueflower.streams.cli;

import io.queueflower.streams.app.StreamsApp;
import io.queueflower.streams.config.StreamsAppConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streams run}: the long-running Kafka Streams application. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the Kafka Streams application until stopped (SIGTERM or Ctrl-C close it cleanly).",
                "Configuration: --config FILE (.properties or .yaml), then QF_* environment variables "
                        + "(QF_WINDOW_SIZE_MS sets window.size.ms), then --set key=value. Kafka Streams, client "
                        + "and serde keys (bootstrap.servers, security.protocol, sasl.*, ssl.*, "
                        + "schema.registry.url, ...) pass through unchanged."})
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties or YAML configuration file.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        StreamsAppConfig effective = StreamsAppConfig.load(config, System.getenv(), overrides);
        System.err.println("queueflower streams: effective configuration\n" + effective.describe());
        StreamsApp app = StreamsApp.start(effective);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        System.err.println("queueflower streams: HTTP on port " + app.httpPort()
                + " (/health, /ready, /metrics, /stats, /decision)");
        app.awaitStop();
        return app.streams().state() == org.apache.kafka.streams.KafkaStreams.State.ERROR ? 1 : 0;
    }
}
