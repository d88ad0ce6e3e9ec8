package io.queueflower.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScaleEvent;
import io.queueflower.avro.ScaleOutcome;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.embedded.EmbeddedKafkaCluster;
import io.queueflower.schemas.Topics;
import io.queueflower.simulator.cli.SimulateCommand;
import io.queueflower.testsupport.SampleRecords;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code simulate} as compose runs it: real time until stopped, spans to a real broker, the simulated cluster following
 * {@code qf.decisions}, Prometheus metrics and health endpoints; then SIGTERM's path (a stop request) ends it with
 * exit status 0 and a summary.
 */
class SimulateFollowsDecisionsTest {
    private static final String REGISTRY = "mock://simulate-follows";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void appliesDecisionsPublishesReplicasAndServesMetricsUntilStopped() throws Exception {
        Topics topics = Topics.create(Map.of("schema.registry.url", REGISTRY));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            kafka.createTopics(1, "jaeger-spans", topics.decisions.name(), topics.scaleEvents.name());
            kafka.createTopics(1, Map.of("cleanup.policy", "compact"), topics.replicas.name());
            SimulateCommand command = new SimulateCommand(Map.of("QF_SIM_NAMESPACE", "hotel"));
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(command);
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(out, true));
            Future<Integer> exit = executor.submit(() -> cli.execute("--mode", "realtime", "--duration", "0",
                    "--speedup", "5", "--workload", "constant:20", "--kafka-bootstrap", kafka.bootstrapServers(),
                    "--schema-registry-url", REGISTRY, "--follow-decisions", "--http-host", "127.0.0.1",
                    "--http-port", "0", "--progress-interval", "1s", "--set", "auto.offset.reset=earliest"));

            String endpoints = await(() -> out.toString().contains("endpoints on"), out, exit);
            Matcher port = Pattern.compile("endpoints on 127\\.0\\.0\\.1:(\\d+)").matcher(endpoints);
            assertThat(port.find()).as(endpoints).isTrue();
            String base = "http://127.0.0.1:" + port.group(1);
            await(() -> status(base + "/ready") == 200, out, exit);
            assertThat(status(base + "/health")).isEqualTo(200);

            // The initial replicas are published, as the scaler's watcher would: the model's 3 profile pods.
            List<ConsumerRecord<String, byte[]>> replicas = kafka.readUntil(topics.replicas.name(),
                    new StringDeserializer(), new ByteArrayDeserializer(),
                    r -> r.stream().anyMatch(c -> c.key().equals("hotel/profile")), Duration.ofSeconds(30));
            assertThat(replicas.stream().filter(r -> r.key().equals("hotel/profile")).findFirst().map(r ->
                    replicaStatus(topics, r).getSpecReplicas())).contains(3);

            ScalingDecision decision = ScalingDecision.newBuilder(SampleRecords.scalingDecision())
                    .setDecisionId("hotel/queueflower/test-1").setNamespace("hotel")
                    .setTargets(Map.of("profile", 6, "search", 1)).build();
            kafka.produce(topics.decisions.name(), topics.decisions.keySerde().serializer(),
                    topics.decisions.valueSerde().serializer(),
                    List.of(new ProducerRecord<>(topics.decisions.name(), "hotel", decision)));

            await(() -> metric(base, "qf_sim_replicas\\{service=\"profile\"\\}") == 6.0, out, exit);
            String metrics = body(base + "/metrics");
            assertThat(metric(base, "qf_sim_replicas\\{service=\"search\"\\}")).isEqualTo(1.0);
            assertThat(metric(base, "qf_sim_decisions_applied_total")).isEqualTo(1.0);
            assertThat(metric(base, "qf_sim_scale_actions_total")).isEqualTo(2.0);
            assertThat(metric(base, "qf_sim_span_records_total")).isPositive();
            assertThat(metrics).contains("qf_sim_requests_total{flow=\"HTTP GET /hotels\"}")
                    .contains("qf_sim_request_latency_seconds{flow=\"HTTP GET /hotels\",quantile=\"0.99\"}")
                    .contains("qf_sim_queued{service=\"profile\"}")
                    .contains("kafka_producer_record_send_total");

            List<ConsumerRecord<String, byte[]>> events = kafka.readUntil(topics.scaleEvents.name(),
                    new StringDeserializer(), new ByteArrayDeserializer(), r -> r.size() >= 2, Duration.ofSeconds(30));
            assertThat(events).extracting(r -> scaleEvent(topics, r))
                    .anySatisfy(e -> {
                        assertThat(e.getDeployment()).isEqualTo("profile");
                        assertThat(e.getOutcome()).isEqualTo(ScaleOutcome.APPLIED);
                        assertThat(e.getPrevious()).isEqualTo(3);
                        assertThat(e.getApplied()).isEqualTo(6);
                    });
            assertThat(kafka.readAtLeast("jaeger-spans", 1, new StringDeserializer(), new ByteArrayDeserializer(),
                    Duration.ofSeconds(30))).isNotEmpty();

            command.requestStop();
            assertThat(exit.get(60, TimeUnit.SECONDS)).as(out.toString()).isZero();
            assertThat(out.toString()).contains("followed 1 decisions, 2 replica changes")
                    .contains("HTTP GET /hotels").contains("span records, 1 decisions applied");
        } finally {
            executor.shutdownNow();
        }
    }

    private static ReplicaStatus replicaStatus(Topics topics, ConsumerRecord<String, byte[]> r) {
        return topics.replicas.valueSerde().deserializer().deserialize(r.topic(), r.value());
    }

    private static ScaleEvent scaleEvent(Topics topics, ConsumerRecord<String, byte[]> r) {
        return topics.scaleEvents.valueSerde().deserializer().deserialize(r.topic(), r.value());
    }

    private String await(BooleanSupplier condition, StringWriter out, Future<Integer> exit) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(exit.isDone()).as("simulate ended early: " + out).isFalse();
            assertThat(System.nanoTime()).as("waited 60 s; output: " + out).isLessThan(deadline);
            Thread.sleep(100);
        }
        return out.toString();
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private String body(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A sample's value from /metrics, NaN when absent. */
    private double metric(String base, String sample) {
        try {
            Matcher m = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(body(base + "/metrics"));
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
