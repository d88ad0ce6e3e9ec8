package io.queueflower.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.Span;
import io.queueflower.schemas.DeadLetters;
import io.queueflower.schemas.Topics;
import io.queueflower.streams.decode.SpanFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestTopologyTest {
    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    Topics topics;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> input;
    TestOutputTopic<String, Span> spans;
    TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        topics = Topics.create(Map.of("schema.registry.url", "mock://ingest-topology-test"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(IngestTopology.build(topics, SpanFormat.AUTO), props);
        input = driver.createInputTopic(topics.input.name(), topics.input.keySerde().serializer(),
                topics.input.valueSerde().serializer());
        spans = driver.createOutputTopic(topics.spans.name(), topics.spans.keySerde().deserializer(),
                topics.spans.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters.name(), topics.deadLetters.keySerde().deserializer(),
                topics.deadLetters.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void decodesEverySpanOfARecordKeyedByTraceId() {
        input.pipeInput(null, OtlpFixtures.twoSpanTrace(TRACE, 1_700_000_000_000_000L));
        List<TestRecord<String, Span>> out = spansOnly(spans.readRecordsToList());
        assertThat(out).hasSize(2);
        assertThat(out).allSatisfy(r -> assertThat(r.key()).isEqualTo(TRACE));
        assertThat(out).extracting(r -> r.value().getService()).containsExactly("frontend", "search");
        assertThat(out.get(1).value().getParentSpanId()).isEqualTo("00000000000000a1");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(counter("spans-decoded-total")).isEqualTo(2.0);
    }

    @Test
    void poisonRecordGoesUnchangedToTheDeadLetterTopicAndTheStreamGoesOn() {
        byte[] garbage = "{not json at all".getBytes(StandardCharsets.UTF_8);
        RecordHeaders original = new RecordHeaders();
        original.add("producer", "x".getBytes(StandardCharsets.UTF_8));
        input.pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), garbage, original));
        input.pipeInput(null, OtlpFixtures.twoSpanTrace(TRACE, 1_700_000_000_000_000L));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(dead.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("jaeger-spans");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.ERROR)).isNotBlank();
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.STAGE)).isEqualTo("ingest");
        assertThat(DeadLetters.header(dead.headers(), "producer")).isEqualTo("x");
        assertThat(spansOnly(spans.readRecordsToList())).hasSize(2);
        assertThat(counter("dlq-records-total")).isEqualTo(1.0);
    }

    /**
     * After the spans, a progress mark for every qf.spans partition once a second of span time (the latest span end,
     * signed with this partition), and, once the input has been quiet for 5 s of wall clock, a quiet mark at every
     * check: the assembly keeps time on the slowest decoding partition, and a quiet one must not hold it back.
     */
    @Test
    void progressMarksFollowTheSpansOnceASecondAndAQuietMarkFollowsSilence() {
        long t0 = 1_700_000_000_000_000L;
        input.pipeInput(null, OtlpFixtures.twoSpanTrace(TRACE, t0));
        input.pipeInput(null, OtlpFixtures.twoSpanTrace("1bf7651916cd43dd8448eb211c80319c", t0 + 300_000));
        input.pipeInput(null, OtlpFixtures.twoSpanTrace("2cf7651916cd43dd8448eb211c80319c", t0 + 1_200_000));
        List<TestRecord<String, Span>> out = spans.readRecordsToList();
        List<TestRecord<String, Span>> marks = out.stream().filter(r -> SourceHeaders.isSigned(r.headers())).toList();
        assertThat(spansOnly(out)).hasSize(6);
        assertThat(marks).as("one in the first second of span time, one in the next")
                .extracting(TestRecord::timestamp).containsExactly(t0 / 1000 + 10, t0 / 1000 + 1_210);
        assertThat(marks).allSatisfy(m -> {
            assertThat(Watermarks.isWatermark(m.value())).isTrue();
            assertThat(SourceHeaders.partition(m.headers())).hasValue(0);
            assertThat(SourceHeaders.isQuiet(m.headers())).isFalse();
        });
        assertThat(out.indexOf(marks.get(1))).as("after the spans that moved it").isEqualTo(out.size() - 1);

        driver.advanceWallClockTime(java.time.Duration.ofMillis(4_000));
        assertThat(spans.isEmpty()).isTrue();
        driver.advanceWallClockTime(java.time.Duration.ofMillis(1_000));
        TestRecord<String, Span> quiet = spans.readRecord();
        assertThat(SourceHeaders.isQuiet(quiet.headers())).isTrue();
        assertThat(SourceHeaders.partition(quiet.headers())).hasValue(0);
    }

    /**
     * On event time only ({@code window.idle.close.ms=0}) a silence says nothing: a backlog produced after it reaches
     * the partitions at slightly different moments, and one still marked quiet would let the first to wake run ahead
     * (a failover run lost half a window's traces so). Progress marks still come.
     */
    @Test
    void onEventTimeOnlyNoQuietMarkFollowsSilence() {
        driver.close();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-test-event-time");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(IngestTopology.addTo(new Topology(), topics,
                SpanFormat.AUTO, false), props);
        input = driver.createInputTopic(topics.input.name(), topics.input.keySerde().serializer(),
                topics.input.valueSerde().serializer());
        spans = driver.createOutputTopic(topics.spans.name(), topics.spans.keySerde().deserializer(),
                topics.spans.valueSerde().deserializer());
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(30));
        assertThat(spans.isEmpty()).as("nothing before any input").isTrue();
        input.pipeInput(null, OtlpFixtures.twoSpanTrace(TRACE, 1_700_000_000_000_000L));
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(30));
        List<TestRecord<String, Span>> out = spans.readRecordsToList();
        assertThat(spansOnly(out)).hasSize(2);
        assertThat(out).filteredOn(r -> SourceHeaders.isSigned(r.headers())).singleElement()
                .satisfies(mark -> assertThat(SourceHeaders.isQuiet(mark.headers())).isFalse());
    }

    /** The spans, without the decoding stage's progress marks. */
    static List<TestRecord<String, Span>> spansOnly(List<TestRecord<String, Span>> records) {
        return records.stream().filter(r -> !SourceHeaders.isSigned(r.headers())).toList();
    }

    @Test
    void nullPayloadIsDeadLetteredNotThrown() {
        input.pipeInput("k".getBytes(StandardCharsets.UTF_8), (byte[]) null);
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.ERROR)).contains("null payload");
    }

    double counter(String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            if (e.getKey().group().equals(QueueFlowerMetrics.GROUP) && e.getKey().name().equals(name)) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name + " in group " + QueueFlowerMetrics.GROUP);
    }
}
