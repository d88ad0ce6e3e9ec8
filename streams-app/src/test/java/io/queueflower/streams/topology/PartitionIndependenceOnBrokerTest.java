package io.queueflower.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.embedded.EmbeddedKafkaCluster;
import io.queueflower.schemas.Topics;
import io.queueflower.streams.app.StreamsApp;
import io.queueflower.streams.config.StreamsAppConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same backlog through one partition on one instance, and through four partitions on two instances (the second
 * joining while the first is busy, so the partitions' progress drifts apart and a rebalance moves tasks mid-stream):
 * the decisions are identical, window by window, and every trace is decided. The window stage closes a window only
 * when every assembly partition is past it.
 */
class PartitionIndependenceOnBrokerTest {
    static final long WINDOW = 2_000;
    static final long GRACE = 1_000;
    static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % WINDOW;
    static final int TRACES = 6_000;
    /** Traces per second of event time: the backlog spans 30 s, 15 windows. */
    static final int RATE = 200;
    static final int WINDOWS = (int) (TRACES * 1000L / RATE / WINDOW);

    @Test
    void fourPartitionsOnTwoInstancesDecideExactlyAsOnePartitionDoes(@TempDir Path state) throws Exception {
        Run oneRun = run(1, 1, state.resolve("one"));
        List<ScalingDecision> one = oneRun.decisions();
        List<ScalingDecision> four = run(4, 2, state.resolve("four")).decisions();

        assertThat(one).hasSize(WINDOWS);
        assertThat(one.stream().mapToLong(PartitionIndependenceOnBrokerTest::traces).sum())
                .as("every trace decided through one partition").isEqualTo(TRACES);
        assertThat(four.stream().mapToLong(PartitionIndependenceOnBrokerTest::traces).sum())
                .as("every trace decided through four partitions on two instances: none late").isEqualTo(TRACES);
        assertSameDecisions(four, one);
        // A trace's spans arrive together: its chunk is written at most once when they have and deleted once when
        // it is let out, and not at all when both fall between two commits (most of them, in a backlog that runs
        // through event time far faster than the wall clock). One store entry per span logged each span and its
        // tombstone: 4 records for each of these two-span traces.
        assertThat(oneRun.chunkChangelogRecords()).as("assembly changelog records for %d traces", TRACES)
                .isBetween(1L, 2L * TRACES);
    }

    /**
     * @param chunkChangelogRecords committed records on the assembly's span-chunk changelog once every window was
     *                              decided
     */
    record Run(List<ScalingDecision> decisions, long chunkChangelogRecords) {
    }

    /** The decisions for the backlog's windows, with what differs by run (id, creation time) blanked. */
    static Run run(int partitions, int instances, Path state) throws Exception {
        return run(partitions, instances, state, "mock://partition-independence-" + partitions);
    }

    static Run run(int partitions, int instances, Path state, String registry) throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            Topics topics = Topics.create(Map.of("schema.registry.url", registry));
            kafka.createTopics(topics.newTopics(partitions, (short) 1));
            produceBacklog(kafka, topics, partitions);

            List<StreamsApp> apps = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    apps.add(StreamsApp.start(new StreamsAppConfig(settings(kafka, registry,
                            Files.createDirectories(state.resolve("instance-" + i))))));
                }
                List<ScalingDecision> decisions = backlogDecisions(kafka, topics);
                return new Run(decisions, committedRecords(kafka,
                        "partition-independence-" + TraceAssemblyTopology.Names.DEFAULT.chunks() + "-changelog"));
            } finally {
                apps.forEach(StreamsApp::close);
            }
        }
    }

    /** Committed records on {@code topic} now, read from the beginning of every partition to its end. */
    static long committedRecords(EmbeddedKafkaCluster kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }

    /** {@link PipelineOnBrokerTest#settings} with this backlog's shorter times, on event time only. */
    static Map<String, String> settings(EmbeddedKafkaCluster kafka, String registry, Path state) {
        Map<String, String> settings = PipelineOnBrokerTest.settings(kafka, registry, "partition-independence");
        settings.put("state.dir", state.toString());
        settings.put("num.stream.threads", "1");
        settings.put(StreamsAppConfig.TRACE_IDLE_MS, "200");
        settings.put(StreamsAppConfig.TRACE_MAX_WAIT_MS, "2000");
        settings.put(StreamsAppConfig.WINDOW_SIZE_MS, Long.toString(WINDOW));
        settings.put(StreamsAppConfig.WINDOW_GRACE_MS, Long.toString(GRACE));
        // Event time only: the backlog is years behind the wall clock, and its decisions must not depend on timing.
        settings.put(StreamsAppConfig.WINDOW_IDLE_CLOSE_MS, "0");
        return settings;
    }

    /**
     * The backlog, in time order, dealt round the input's partitions, then on every input and qf.spans partition two
     * traces far ahead: the first moves that partition past the backlog's last window once the second lets it out.
     */
    static void produceBacklog(EmbeddedKafkaCluster kafka, Topics topics, int partitions) {
        produceTraces(kafka, topics, partitions, 0, TRACES);
        produceClosers(kafka, topics, partitions);
    }

    /** Backlog traces {@code from} (inclusive) to {@code to}, each one's latencies drawn from its own seeded draw. */
    static void produceTraces(EmbeddedKafkaCluster kafka, Topics topics, int partitions, int from, int to) {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int n = from; n < to; n++) {
                Random random = new Random(42L * 1_000_003 + n);
                long startMs = T0 + n * 1000L / RATE;
                long rootMicros = 5_000 + random.nextInt(55_000);
                long childMicros = 1_000 + random.nextInt((int) rootMicros - 2_000);
                producer.send(new ProducerRecord<>(topics.input.name(), n % partitions, startMs, null,
                        OtlpFixtures.twoSpanTrace(traceId(n), startMs * 1000, rootMicros, childMicros)));
            }
        }
    }

    static void produceClosers(EmbeddedKafkaCluster kafka, Topics topics, int partitions) {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long ahead = T0 + WINDOWS * WINDOW + 3 * WINDOW + GRACE;
            for (long at : new long[] {ahead, ahead + 3_000}) {
                for (int p = 0; p < partitions; p++) {
                    int n = TRACES + 1_000 * (at == ahead ? 1 : 2);
                    while (spansPartition(traceId(n), partitions) != p) {
                        n++;
                    }
                    producer.send(new ProducerRecord<>(topics.input.name(), p, at, null,
                            OtlpFixtures.twoSpanTrace(traceId(n), at * 1000)));
                }
            }
        }
    }

    /** The decisions for the backlog's windows read from qf.decisions, sorted, with id and creation time blanked. */
    static List<ScalingDecision> backlogDecisions(EmbeddedKafkaCluster kafka, Topics topics) {
        List<ScalingDecision> decisions = new ArrayList<>();
        for (ConsumerRecord<String, ScalingDecision> record : kafka.readAtLeast(topics.decisions.name(), WINDOWS,
                topics.decisions.keySerde().deserializer(), topics.decisions.valueSerde().deserializer(),
                Duration.ofSeconds(120))) {
            ScalingDecision d = record.value();
            if (d.getWindowStart() < T0 + WINDOWS * WINDOW) {
                decisions.add(ScalingDecision.newBuilder(d).setDecisionId("").setCreatedAtMs(0).build());
            }
        }
        decisions.sort(Comparator.comparingLong(ScalingDecision::getWindowStart));
        return decisions;
    }

    /** Field by field, window by window, so a failure names the window and the field. */
    static void assertSameDecisions(List<ScalingDecision> actual, List<ScalingDecision> expected) {
        assertThat(actual).extracting(ScalingDecision::getWindowStart)
                .containsExactlyElementsOf(expected.stream().map(ScalingDecision::getWindowStart).toList());
        for (int w = 0; w < expected.size(); w++) {
            for (org.apache.avro.Schema.Field field : expected.get(w).getSchema().getFields()) {
                assertThat(actual.get(w).get(field.pos()))
                        .as("window %d, %s", expected.get(w).getWindowStart(), field.name())
                        .isEqualTo(expected.get(w).get(field.pos()));
            }
        }
    }

    static String traceId(int n) {
        return String.format("%032x", n + 1);
    }

    /** The qf.spans partition of a trace, as the producer's default partitioner places its string key. */
    static int spansPartition(String traceId, int partitions) {
        return Utils.toPositive(Utils.murmur2(traceId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    static long traces(ScalingDecision decision) {
        return decision.getFlows().values().stream().mapToLong(f -> f.getTraces()).sum();
    }
}
