package io.queueflower.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.TraceSummary;
import io.queueflower.schemas.DeadLetters;
import io.queueflower.schemas.Topics;
import io.queueflower.streams.config.StreamsAppConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code input.keyed.by.trace}: with an input already keyed by trace id, the topology assembles where it reads —
 * no qf.spans hop — and decides exactly as the repartitioning topology does; a record that breaks the assumption is
 * dead-lettered rather than mis-assembled.
 */
class KeyedByTraceTopologyTest {
    private static final long T0_MICROS = 1_767_225_600_000_000L; // a window boundary

    @TempDir
    Path stateDir;

    /** What one run produced. */
    private record Outcome(List<TraceSummary> traces, List<Map<String, Integer>> targets, long spansRecords,
                           List<TestRecord<byte[], byte[]>> deadLetters) {
    }

    private static String traceId(int n) {
        return String.format(Locale.ROOT, "%032x", 0xabc000L + n);
    }

    private Outcome run(boolean keyedByTrace, List<TestRecord<byte[], byte[]>> records) {
        Map<String, String> values = PipelineDriver.baseSettings();
        values.put(StreamsAppConfig.INPUT_KEYED_BY_TRACE, Boolean.toString(keyedByTrace));
        StreamsAppConfig config = new StreamsAppConfig(values);
        Topics topics = Topics.create(config.getString(StreamsAppConfig.INPUT_TOPIC), config.serdeConfig());
        Properties props = new Properties();
        props.putAll(config.streamsProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "keyed-" + keyedByTrace);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(Boolean.toString(keyedByTrace)).toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(QueueFlowerTopology.build(config), props)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(topics.input.name(),
                    topics.input.keySerde().serializer(), topics.input.valueSerde().serializer());
            records.forEach(input::pipeInput);
            var traces = driver.createOutputTopic(topics.traces.name(), topics.traces.keySerde().deserializer(),
                    topics.traces.valueSerde().deserializer()).readValuesToList().stream()
                    .filter(t -> !Watermarks.isWatermark(t)).toList();
            List<Map<String, Integer>> targets = driver.createOutputTopic(topics.decisions.name(),
                            topics.decisions.keySerde().deserializer(), topics.decisions.valueSerde().deserializer())
                    .readValuesToList().stream().map(ScalingDecision::getTargets).toList();
            long spans = driver.createOutputTopic(topics.spans.name(), topics.spans.keySerde().deserializer(),
                    topics.spans.valueSerde().deserializer()).readRecordsToList().stream()
                    .filter(r -> !SourceHeaders.isSigned(r.headers())).count();
            var dead = driver.createOutputTopic(topics.deadLetters.name(), topics.deadLetters.keySerde().deserializer(),
                    topics.deadLetters.valueSerde().deserializer()).readRecordsToList();
            return new Outcome(traces, targets, spans, dead);
        }
    }

    /** The 60 backlog traces, without the two that close the windows. */
    private static List<TraceSummary> backlog(List<TraceSummary> traces) {
        return traces.stream().filter(t -> !t.getTraceId().equals(traceId(100))
                && !t.getTraceId().equals(traceId(101))).toList();
    }

    /** 60 traces, one every 500 ms of event time, each record keyed by its trace id as jaeger-collector keys it. */
    private static List<TestRecord<byte[], byte[]>> keyedTraces() {
        List<TestRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            long start = T0_MICROS + n * 500_000L;
            records.add(new TestRecord<>(traceId(n).getBytes(StandardCharsets.UTF_8),
                    OtlpFixtures.twoSpanTrace(traceId(n), start), null, start / 1000 + 10));
        }
        // Two traces far ahead close every window of the backlog (the first once the second lets it out).
        for (int n = 100; n < 102; n++) {
            long start = T0_MICROS + 60_000_000L + (n - 100) * 3_000_000L;
            records.add(new TestRecord<>(traceId(n).getBytes(StandardCharsets.UTF_8),
                    OtlpFixtures.twoSpanTrace(traceId(n), start), null, start / 1000 + 10));
        }
        return records;
    }

    @Test
    void assemblesWhereItReadsAndDecidesExactlyAsTheRepartitioningTopology() {
        Outcome repartitioned = run(false, keyedTraces());
        Outcome direct = run(true, keyedTraces());

        assertThat(backlog(repartitioned.traces())).hasSize(60);
        assertThat(backlog(direct.traces())).isEqualTo(backlog(repartitioned.traces()));
        assertThat(repartitioned.targets()).as("windows the backlog and its closers close").hasSize(5);
        assertThat(direct.targets()).isEqualTo(repartitioned.targets());
        assertThat(repartitioned.spansRecords()).isEqualTo(2L * 62);
        assertThat(direct.spansRecords()).as("no qf.spans hop").isZero();
        assertThat(direct.deadLetters()).isEmpty();
    }

    @Test
    void spansOfATraceInSeveralRecordsStampedAheadByTheProducerAreStillAssembledWhole() {
        // jaeger-collector writes one span per record, stamped with the time it wrote it: here a minute after the span
        List<TestRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            long start = T0_MICROS + n * 500_000L;
            for (byte[] span : OtlpFixtures.twoSpanTraceOneSpanPerRecord(traceId(n), start)) {
                records.add(new TestRecord<>(traceId(n).getBytes(StandardCharsets.UTF_8), span, null,
                        start / 1000 + 60_000));
            }
        }
        Outcome outcome = run(true, records);

        assertThat(outcome.deadLetters()).isEmpty();
        assertThat(outcome.traces()).hasSizeGreaterThan(30)
                .allSatisfy(t -> assertThat(t.getSpanCount()).as(t.getTraceId()).isEqualTo(2))
                .allSatisfy(t -> assertThat(t.getLateSpans()).isZero());
    }

    @Test
    void aRecordThatBreaksTheAssumptionIsDeadLetteredAndTheRestAssembled() {
        List<TestRecord<byte[], byte[]>> records = keyedTraces();
        TestRecord<byte[], byte[]> third = records.get(2);
        // keyed by another trace: its spans could sit in another partition than the rest of their trace
        records.set(2, new TestRecord<>(traceId(999).getBytes(StandardCharsets.UTF_8), third.value(), null,
                third.timestamp()));
        Outcome outcome = run(true, records);

        assertThat(outcome.deadLetters()).hasSize(1);
        assertThat(DeadLetters.header(outcome.deadLetters().get(0).headers(), DeadLetters.ERROR)).contains("input.keyed.by.trace").contains("is not its trace id "
                + traceId(2));
        assertThat(outcome.traces()).extracting(TraceSummary::getTraceId).doesNotContain(traceId(2))
                .contains(traceId(1), traceId(3));
    }
}
