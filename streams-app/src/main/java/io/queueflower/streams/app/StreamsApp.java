package io.queueflower.streams.app;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.queueflower.platform.ops.OpsHttpServer;
import io.queueflower.streams.config.StreamsAppConfig;
import io.queueflower.streams.topology.QueueFlowerTopology;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the topology: Kafka Streams, its metrics bound to a Prometheus registry, and the operations HTTP server whose
 * readiness follows the Streams state (ready only while RUNNING, so a rebalancing instance is taken out of
 * service but not restarted).
 */
public final class StreamsApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final KafkaStreams streams;
    private final OpsHttpServer http;
    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;
    private final ScheduledExecutorService metricsRefresh;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StreamsApp(StreamsAppConfig config, Topology topology) {
        Properties props = new Properties();
        props.putAll(config.streamsProperties());
        streams = new KafkaStreams(topology, props);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new StateStoreTags());
        new JvmMemoryMetrics().bindTo(registry);
        // Task-level metrics (ours among them) appear after each rebalance; pick them up within seconds, not a minute.
        metricsRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-refresh");
            t.setDaemon(true);
            return t;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), metricsRefresh, Duration.ofSeconds(5));
        streamsMetrics.bindTo(registry);
        streams.setStateListener((now, before) -> {
            LOG.info("streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        StateQueries queries = new StateQueries(streams, config.getString(StreamsAppConfig.TARGET_NAMESPACE),
                config.windowLifecycle(), (String) config.streamsProperties().get(StreamsConfig.APPLICATION_SERVER_CONFIG));
        http = OpsHttpServer.builder(config.getString(StreamsAppConfig.HTTP_HOST),
                        config.getInt(StreamsAppConfig.HTTP_PORT))
                .liveness(() -> streams.state() != KafkaStreams.State.ERROR)
                .readiness(() -> streams.state() == KafkaStreams.State.RUNNING)
                .metrics(registry)
                .jsonFromHeaders("/decision", queries::latestDecision)
                .jsonFromHeaders("/stats", queries::latestWindowStats)
                .start();
    }

    /** Builds and starts the app for {@code config}. */
    public static StreamsApp start(StreamsAppConfig config) {
        StreamsApp app = new StreamsApp(config, QueueFlowerTopology.build(config, UpstreamPartitions.resolve(config)));
        app.streams.start();
        return app;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public int httpPort() {
        return http.port();
    }

    /** Blocks until Kafka Streams stops (error or close). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
        metricsRefresh.shutdownNow();
        http.close();
        registry.close();
    }
}
