package io.queueflower.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.Span;
import io.queueflower.embedded.EmbeddedKafkaCluster;
import io.queueflower.schemas.serde.SpecificAvroSerde;
import io.queueflower.streams.cli.StreamsCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ingest --bootstrap-servers}: spans produced in one transaction, all or nothing. */
class IngestToKafkaTest {
    static final String REGISTRY = "mock://ingest-to-kafka";
    static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafkaCluster.start();
        kafka.createTopics(2, "spans-ok", "spans-bad");
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    int ingest(StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new StreamsCli());
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void theSampleExportArrivesAsAvroSpansKeyedByTraceId() {
        StringWriter err = new StringWriter();
        int exit = ingest(err, "ingest", "--input", "../samples/hotel-reservation-jaeger-ui.json", "--format",
                "jaeger-ui", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "spans-ok",
                "--schema-registry-url", REGISTRY);
        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("268 spans");
        List<ConsumerRecord<String, Span>> read = kafka.readAtLeast("spans-ok", 268, new StringDeserializer(),
                SpecificAvroSerde.forClass(Span.class, Map.of("schema.registry.url", REGISTRY), false).deserializer(),
                Duration.ofSeconds(60));
        assertThat(read).hasSize(268).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getTraceId()));
    }

    @Test
    void aFileThatFailsHalfWayLeavesNothingCommitted(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        // One good OTLP JSON record, then a broken one.
        Files.writeString(bad, "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                + "\"value\":{\"stringValue\":\"frontend\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":"
                + "\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\",\"name\":\"HTTP GET /hotels\","
                + "\"kind\":2,\"startTimeUnixNano\":\"1700000000000000000\",\"endTimeUnixNano\":"
                + "\"1700000000100000000\"}]}]}]}\n{\"resourceSpans\": garbage\n");
        StringWriter err = new StringWriter();
        int exit = ingest(err, "ingest", "--input", bad.toString(), "--format", "otlp-json",
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "spans-bad",
                "--schema-registry-url", REGISTRY);
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("record 2");
        try (KafkaConsumer<String, Span> consumer = kafka.consumer(new StringDeserializer(),
                SpecificAvroSerde.forClass(Span.class, Map.of("schema.registry.url", REGISTRY), false)
                        .deserializer())) {
            consumer.subscribe(List.of("spans-bad"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int seen = 0;
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, Span> records = consumer.poll(Duration.ofMillis(200));
                seen += records.count();
            }
            assertThat(seen).as("read_committed sees nothing of an aborted ingest").isZero();
        }
    }
}
