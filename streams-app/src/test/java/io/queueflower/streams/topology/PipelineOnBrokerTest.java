package io.queueflower.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.embedded.EmbeddedKafkaCluster;
import io.queueflower.schemas.Topics;
import io.queueflower.streams.app.StreamsApp;
import io.queueflower.streams.config.StreamsAppConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole application on a real broker, exactly-once: raw OTLP records in, one decision per window out, across a
 * stop and a restart on an empty state directory (so the restarted instance rebuilds its stores from the changelogs);
 * and decisions that keep coming on the wall clock once the input goes quiet.
 */
class PipelineOnBrokerTest {
    static final long WINDOW = 10_000;
    static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % WINDOW;

    static Topics createTopics(EmbeddedKafkaCluster kafka, String registry) {
        Topics topics = Topics.create(Map.of("schema.registry.url", registry));
        // One input partition keeps span order; skew across partitions is what window.grace.ms absorbs.
        kafka.createTopics(topics.newTopics(1, (short) 1));
        return topics;
    }

    static Map<String, String> settings(EmbeddedKafkaCluster kafka, String registry, String applicationId) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("schema.registry.url", registry);
        settings.put("application.id", applicationId);
        settings.put("commit.interval.ms", "100");
        // Streams members do not leave the group on close; a short session lets the restart take over quickly.
        settings.put("main.consumer.session.timeout.ms", "6000");
        settings.put("main.consumer.heartbeat.interval.ms", "1000");
        settings.put(StreamsAppConfig.HTTP_PORT, "0");
        settings.put(StreamsAppConfig.HTTP_HOST, "127.0.0.1");
        settings.put(StreamsAppConfig.TRACE_IDLE_MS, "1000");
        settings.put(StreamsAppConfig.TRACE_MAX_WAIT_MS, "5000");
        settings.put(StreamsAppConfig.WINDOW_SIZE_MS, Long.toString(WINDOW));
        settings.put(StreamsAppConfig.WINDOW_GRACE_MS, "2000");
        settings.put(StreamsAppConfig.TARGET_NAMESPACE, "hotel");
        return settings;
    }

    @Test
    void decisionsForEveryWindowExactlyOnceAcrossARestart(@TempDir Path first, @TempDir Path second) throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            String registry = "mock://pipeline-on-broker";
            Topics topics = createTopics(kafka, registry);
            Map<String, String> settings = settings(kafka, registry, "pipeline-on-broker");

            List<ScalingDecision> decisions = new ArrayList<>();
            settings.put("state.dir", first.toString());
            try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings))) {
                produceWindows(kafka, topics, 0, 2);
                decisions.addAll(readDecisions(kafka, topics, 1));
                assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
            }
            settings.put("state.dir", second.toString());
            try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings))) {
                produceWindows(kafka, topics, 2, 4);
                // Traces far enough ahead to close window 3, then their own idle time passes.
                produce(kafka, topics, 900, T0 + 4 * WINDOW + 2_500);
                produce(kafka, topics, 901, T0 + 4 * WINDOW + 6_000);
                decisions.clear();
                decisions.addAll(readDecisions(kafka, topics, 4));

                // Interactive queries and operations endpoints of the running instance.
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + app.httpPort();
                JsonNode latest = new ObjectMapper().readTree(get(http, base + "/decision", 200));
                assertThat(latest.get("windowStart").asLong()).isEqualTo(T0 + 3 * WINDOW);
                assertThat(latest.get("namespace").asText()).isEqualTo("hotel");
                JsonNode stats = new ObjectMapper().readTree(get(http, base + "/stats", 200));
                assertThat(stats.get("windowStart").asLong()).isEqualTo(T0 + 3 * WINDOW);
                assertThat(stats.get("traces").asInt()).isEqualTo(5);
                assertThat(stats.get("stats")).extracting(n -> n.get("service").asText())
                        .contains("frontend", "search");
                get(http, base + "/health", 200);
                get(http, base + "/ready", 200);
                // Task metrics are picked up by the registry within its refresh interval (5 s).
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                String metrics = get(http, base + "/metrics", 200);
                while (!metrics.contains("kafka_stream_queueflower_decisions_total") && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    metrics = get(http, base + "/metrics", 200);
                }
                assertThat(metrics).contains("kafka_stream_queueflower_decisions_total")
                        .contains("kafka_stream_thread_process_total")
                        // RocksDB store metrics tagged with their kind (StateStoreTags)
                        .contains("store_type=\"rocksdb\"");
            }
            assertThat(decisions).extracting(ScalingDecision::getWindowStart)
                    .containsExactly(T0, T0 + WINDOW, T0 + 2 * WINDOW, T0 + 3 * WINDOW);
            assertThat(decisions).extracting(ScalingDecision::getDecisionId).doesNotHaveDuplicates();
            // Window 1 was open, its traces only in state, when the first instance stopped: none was lost.
            for (ScalingDecision d : decisions) {
                assertThat(d.getFlows().get("HTTP GET /hotels").getTraces()).as("window " + d.getWindowStart())
                        .isEqualTo(5);
                assertThat(d.getTargets().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2 + 16);
            }
        }
    }

    /**
     * Five traces in one window, then nothing: the assembly lets the last of them out after half the idle time, the
     * window stage closes their window after the full idle time, then one empty window after another as the wall
     * clock runs on (2 s windows here, so a decision every 2 s). Event time is years behind the wall clock; only the
     * wall-clock time elapsed counts.
     */
    @Test
    void decisionsKeepComingOnTheWallClockWhenTheInputGoesQuiet(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            String registry = "mock://idle-close-on-broker";
            Topics topics = createTopics(kafka, registry);
            Map<String, String> settings = settings(kafka, registry, "idle-close-on-broker");
            settings.put("state.dir", dir.toString());
            settings.put(StreamsAppConfig.WINDOW_SIZE_MS, "2000");
            settings.put(StreamsAppConfig.WINDOW_GRACE_MS, "500");
            settings.put(StreamsAppConfig.TRACE_IDLE_MS, "200");
            settings.put(StreamsAppConfig.TRACE_MAX_WAIT_MS, "1000");
            settings.put(StreamsAppConfig.WINDOW_IDLE_CLOSE_MS, "2000");
            try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings))) {
                // In one batch: a gap between them as long as the idle time would itself close the window early.
                List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    records.add(record(topics, i, T0 + i * 300L));
                }
                kafka.produce(topics.input.name(), topics.input.keySerde().serializer(),
                        topics.input.valueSerde().serializer(), records);
                List<ScalingDecision> decisions = readDecisions(kafka, topics, 3);
                assertThat(decisions).extracting(ScalingDecision::getWindowStart)
                        .startsWith(T0, T0 + 2_000, T0 + 4_000);
                assertThat(decisions.get(0).getFlows().get("HTTP GET /hotels").getTraces())
                        .as("every trace, also those the assembly held when the input went quiet").isEqualTo(5);
                decisions.subList(1, decisions.size()).forEach(empty -> assertThat(empty.getFlows()).isEmpty());
                assertThat(decisions).extracting(ScalingDecision::getDecisionId).doesNotHaveDuplicates();
            }
        }
    }

    static String get(HttpClient http, String url, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    static void produceWindows(EmbeddedKafkaCluster kafka, Topics topics, int fromWindow, int toWindow) {
        for (int w = fromWindow; w < toWindow; w++) {
            for (int i = 0; i < 5; i++) {
                produce(kafka, topics, w * 10 + i, T0 + w * WINDOW + i * 2_000L);
            }
        }
    }

    static void produce(EmbeddedKafkaCluster kafka, Topics topics, int n, long startMs) {
        kafka.produce(topics.input.name(), topics.input.keySerde().serializer(), topics.input.valueSerde().serializer(),
                List.of(record(topics, n, startMs)));
    }

    static ProducerRecord<byte[], byte[]> record(Topics topics, int n, long startMs) {
        byte[] payload = OtlpFixtures.twoSpanTrace(String.format("%032x", n + 1), startMs * 1000);
        return new ProducerRecord<>(topics.input.name(), null, startMs, null, payload);
    }

    static List<ScalingDecision> readDecisions(EmbeddedKafkaCluster kafka, Topics topics, int count) {
        return kafka.readAtLeast(topics.decisions.name(), count, topics.decisions.keySerde().deserializer(),
                        topics.decisions.valueSerde().deserializer(), Duration.ofSeconds(90))
                .stream().map(ConsumerRecord::value).toList();
    }
}
