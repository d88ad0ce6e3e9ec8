package io.queueflower.streams.topology;

import static io.queueflower.streams.topology.PartitionIndependenceOnBrokerTest.TRACES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.embedded.ApicurioRegistry;
import io.queueflower.embedded.EmbeddedKafkaCluster;
import io.queueflower.schemas.Topics;
import io.queueflower.streams.app.StreamsApp;
import io.queueflower.streams.cli.StreamsCli;
import io.queueflower.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on the in-process broker, the second a child JVM that is killed (SIGKILL) mid-stream, with windows
 * open and a transaction under way: the survivor takes its tasks over and the decisions are exactly those of one
 * partition on one instance — no window lost, none decided twice, no trace late from the hand-over. Before the kill,
 * either instance answers {@code /decision} and {@code /stats} for the namespace, forwarding to the one that holds it
 * ({@code application.server}).
 */
class FailoverOnBrokerTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anInstanceKilledMidStreamLosesNoWindowAndDuplicatesNone(@TempDir Path state) throws Exception {
        String registry = ApicurioRegistry.shared().ccompatUrl();
        List<ScalingDecision> reference = PartitionIndependenceOnBrokerTest.run(1, 1, state.resolve("reference"),
                registry).decisions();

        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            Topics topics = Topics.create(Map.of("schema.registry.url", registry));
            kafka.createTopics(topics.newTopics(4, (short) 1));
            int portA = freePort();
            int portB = freePort();
            Process b = startChild(instanceSettings(kafka, registry, state.resolve("b"), portB), state);
            try (StreamsApp a = StreamsApp.start(new StreamsAppConfig(
                    instanceSettings(kafka, registry, state.resolve("a"), portA)))) {
                HttpClient http = HttpClient.newHttpClient();
                awaitStatus(http, portA, "/ready", 200, b, state);
                awaitStatus(http, portB, "/ready", 200, b, state);

                PartitionIndependenceOnBrokerTest.produceTraces(kafka, topics, 4, 0, TRACES / 2);
                kafka.readAtLeast(topics.decisions.name(), 3, topics.decisions.keySerde().deserializer(),
                        topics.decisions.valueSerde().deserializer(), Duration.ofSeconds(90));
                // Either instance answers for the namespace, whichever holds it.
                String fromA = awaitStatus(http, portA, "/decision", 200, b, state);
                String fromB = awaitStatus(http, portB, "/decision", 200, b, state);
                assertThat(JSON.readTree(fromB).get("windowStart")).isEqualTo(JSON.readTree(fromA).get("windowStart"));
                JsonNode statsA = JSON.readTree(awaitStatus(http, portA, "/stats", 200, b, state));
                JsonNode statsB = JSON.readTree(awaitStatus(http, portB, "/stats", 200, b, state));
                assertThat(statsB.get("windowStart")).isEqualTo(statsA.get("windowStart"));

                b.destroyForcibly().waitFor();
                PartitionIndependenceOnBrokerTest.produceTraces(kafka, topics, 4, TRACES / 2, TRACES);
                PartitionIndependenceOnBrokerTest.produceClosers(kafka, topics, 4);

                List<ConsumerRecord<String, ScalingDecision>> all = kafka.readAtLeast(topics.decisions.name(),
                        PartitionIndependenceOnBrokerTest.WINDOWS, topics.decisions.keySerde().deserializer(),
                        topics.decisions.valueSerde().deserializer(), Duration.ofSeconds(180));
                assertThat(all).extracting(r -> r.value().getDecisionId()).as("no decision twice")
                        .doesNotHaveDuplicates();
                PartitionIndependenceOnBrokerTest.assertSameDecisions(
                        PartitionIndependenceOnBrokerTest.backlogDecisions(kafka, topics), reference);
                // The survivor holds the namespace now and answers for it.
                assertThat(JSON.readTree(awaitStatus(http, portA, "/decision", 200, null, state))
                        .get("windowStart").asLong()).isGreaterThanOrEqualTo(reference.get(reference.size() - 1)
                        .getWindowStart());
            } finally {
                b.destroyForcibly();
            }
        }
    }

    static Map<String, String> instanceSettings(EmbeddedKafkaCluster kafka, String registry, Path state, int port)
            throws IOException {
        Map<String, String> settings = PartitionIndependenceOnBrokerTest.settings(kafka, registry,
                Files.createDirectories(state));
        settings.put(StreamsAppConfig.HTTP_PORT, Integer.toString(port));
        settings.put("application.server", "127.0.0.1:" + port);
        return settings;
    }

    static Process startChild(Map<String, String> settings, Path dir) throws IOException {
        Path file = dir.resolve("b.properties");
        Files.writeString(file, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                StreamsCli.class.getName(), "run", "--config", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("b.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("QF_"));
        return builder.start();
    }

    /** GETs {@code path} until it answers {@code status}; its body. Fails with the child's log if it never does. */
    static String awaitStatus(HttpClient http, int port, String path, int status, Process child, Path dir)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == status) {
                    return response.body();
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            if (child != null && !child.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        Path log = dir.resolve("b.log");
        throw new AssertionError(":" + port + path + " never answered " + status + " (last: " + last + ")"
                + (Files.exists(log) ? "; child log:\n" + Files.readString(log) : ""));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
