package io.queueflower.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.Span;
import io.queueflower.embedded.EmbeddedKafkaCluster;
import io.queueflower.schemas.DeadLetters;
import io.queueflower.schemas.Topics;
import io.queueflower.streams.decode.SpanFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingestion stage on a real broker, exactly-once, with a poison record in the middle of good ones. */
class IngestOnBrokerTest {
    @Test
    void goodRecordsBecomeSpansAndPoisonGoesToTheDeadLetterTopicWhileTheAppKeepsRunning(@TempDir Path state)
            throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            Topics topics = Topics.create(Map.of("schema.registry.url", "mock://ingest-on-broker"));
            kafka.createTopics(2, topics.input.name(), topics.spans.name(), topics.deadLetters.name());

            Properties props = kafka.clientProperties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-on-broker");
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
            try (KafkaStreams streams = new KafkaStreams(IngestTopology.build(topics, SpanFormat.AUTO), props)) {
                streams.start();
                String trace1 = "0af7651916cd43dd8448eb211c80319c";
                String trace2 = "00000000000000000000000000abcdef";
                byte[] poison = new byte[] {0x0a, (byte) 0xff, 0x01, 0x02};
                kafka.produce(topics.input.name(), topics.input.keySerde().serializer(),
                        topics.input.valueSerde().serializer(), List.of(
                                new ProducerRecord<>(topics.input.name(), 0, null,
                                        OtlpFixtures.twoSpanTrace(trace1, 1_700_000_000_000_000L)),
                                new ProducerRecord<>(topics.input.name(), 0, null, poison),
                                new ProducerRecord<>(topics.input.name(), 0, null,
                                        OtlpFixtures.twoSpanTrace(trace2, 1_700_000_001_000_000L))));

                // Four spans, and two progress marks (one per second of span time), each sent to both partitions.
                List<ConsumerRecord<String, Span>> all = kafka.readAtLeast(topics.spans.name(), 8,
                        topics.spans.keySerde().deserializer(), topics.spans.valueSerde().deserializer(),
                        Duration.ofSeconds(60));
                List<ConsumerRecord<String, Span>> spans = all.stream()
                        .filter(r -> !SourceHeaders.isSigned(r.headers())).toList();
                List<ConsumerRecord<String, Span>> marks = all.stream()
                        .filter(r -> SourceHeaders.isSigned(r.headers())).toList();
                assertThat(marks).extracting(r -> r.timestamp() + "@" + r.partition()).containsExactlyInAnyOrder(
                        "1700000000010@0", "1700000000010@1", "1700000001010@0", "1700000001010@1");
                assertThat(spans).extracting(ConsumerRecord::key)
                        .containsExactlyInAnyOrder(trace1, trace1, trace2, trace2);
                // Keyed by traceId, so both spans of a trace land in the same partition.
                assertThat(spans.stream().filter(r -> r.key().equals(trace1)).map(ConsumerRecord::partition)
                        .distinct()).hasSize(1);

                List<ConsumerRecord<byte[], byte[]>> dead = kafka.readAtLeast(topics.deadLetters.name(), 1,
                        topics.deadLetters.keySerde().deserializer(), topics.deadLetters.valueSerde().deserializer(),
                        Duration.ofSeconds(30));
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0).value()).isEqualTo(poison);
                assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("1");
                assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
                assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.ERROR).value(),
                        StandardCharsets.UTF_8)).isNotBlank();
                assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        }
    }
}
