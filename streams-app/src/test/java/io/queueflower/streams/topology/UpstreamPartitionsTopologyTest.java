package io.queueflower.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.TraceSummary;
import io.queueflower.schemas.Topics;
import io.queueflower.streams.config.StreamsAppConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window stage fed by two assembly partitions, their traces written straight into qf.traces signed as the
 * assembly signs them: a window closes only when both partitions are past it, a quiet partition stops holding it
 * back, and a trace from outside the assembly (unsigned) stands for every partition.
 */
class UpstreamPartitionsTopologyTest {
    static final long WINDOW = 10_000;
    static final long GRACE = 2_000;
    static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % WINDOW;

    @TempDir
    Path state;

    @Test
    void aWindowClosesWhenEveryAssemblyPartitionIsPastItAndAQuietOneHoldsNothingBack() {
        try (Stage stage = new Stage(state)) {
            // Partition 0 runs three windows ahead; partition 1 is still in the first.
            stage.trace(0, "a0", T0 + 1_000);
            stage.trace(1, "b0", T0 + 2_000);
            stage.trace(0, "a1", T0 + 35_000);
            assertThat(stage.decisions()).as("partition 1 is not past the first window").isEmpty();
            // Partition 1's older traces are still on time.
            stage.trace(1, "b1", T0 + 9_000);
            stage.trace(1, "b2", T0 + 11_000);
            stage.trace(1, "b3", T0 + 12_500);
            List<ScalingDecision> first = stage.decisions();
            assertThat(first).extracting(ScalingDecision::getWindowStart).containsExactly(T0);
            assertThat(traces(first.get(0))).as("a0, b0 and b1: nothing late").isEqualTo(3);

            // Partition 1 goes quiet: partition 0's time closes the second window (its own trace at T0 + 35 s).
            stage.quiet(1, T0 + 13_000);
            List<ScalingDecision> next = stage.decisions();
            assertThat(next).extracting(ScalingDecision::getWindowStart).containsExactly(T0 + WINDOW, T0 + 2 * WINDOW);
            assertThat(traces(next.get(0))).isEqualTo(2);

            // Back from quiet, partition 1 holds time again from its own next trace.
            stage.trace(1, "b4", T0 + 36_000);
            stage.trace(0, "a2", T0 + 60_000);
            assertThat(stage.decisions()).as("partition 1 is at T0 + 36 s, before the fourth window's end + grace")
                    .isEmpty();
            // An unsigned trace (written by something other than the assembly) moves every partition.
            stage.trace(-1, "x0", T0 + 55_000);
            assertThat(stage.decisions()).extracting(ScalingDecision::getWindowStart)
                    .containsExactly(T0 + 3 * WINDOW, T0 + 4 * WINDOW);
            assertThat(stage.metric("late-traces-total")).isZero();
        }
    }

    /** The first trace to arrive need not be the earliest: until a window has closed, the earliest one opens it. */
    @Test
    void theEarliestTraceBeforeTheFirstDecisionOpensTheFirstWindow() {
        try (Stage stage = new Stage(state)) {
            stage.trace(0, "a0", T0 + 15_000);
            stage.trace(1, "b0", T0 + 3_000);
            stage.trace(0, "a1", T0 + 40_000);
            stage.trace(1, "b1", T0 + 40_000);
            List<ScalingDecision> decisions = stage.decisions();
            assertThat(decisions).extracting(ScalingDecision::getWindowStart)
                    .containsExactly(T0, T0 + WINDOW, T0 + 2 * WINDOW);
            assertThat(decisions).extracting(UpstreamPartitionsTopologyTest::traces).containsExactly(1L, 1L, 0L);
            assertThat(stage.metric("late-traces-total")).isZero();
        }
    }

    static long traces(ScalingDecision decision) {
        return decision.getFlows().values().stream().mapToLong(f -> f.getTraces()).sum();
    }

    /** The whole topology, its window stage told to expect two assembly partitions. */
    static final class Stage implements AutoCloseable {
        final TopologyTestDriver driver;
        final TestInputTopic<String, TraceSummary> traces;
        final TestOutputTopic<String, ScalingDecision> decisions;

        Stage(Path state) {
            Map<String, String> values = PipelineDriver.baseSettings();
            values.put(StreamsAppConfig.WINDOW_SIZE_MS, Long.toString(WINDOW));
            values.put(StreamsAppConfig.WINDOW_GRACE_MS, Long.toString(GRACE));
            values.put(StreamsAppConfig.TARGET_NAMESPACE, "hotel");
            StreamsAppConfig config = new StreamsAppConfig(values);
            Topics topics = Topics.create(config.getString(StreamsAppConfig.INPUT_TOPIC), config.serdeConfig());
            Properties props = new Properties();
            props.putAll(config.streamsProperties());
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "upstream-partitions");
            props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
            driver = new TopologyTestDriver(QueueFlowerTopology.build(config, new QueueFlowerTopology.Partitions(1, 2)),
                    props);
            traces = driver.createInputTopic(topics.traces.name(), topics.traces.keySerde().serializer(),
                    topics.traces.valueSerde().serializer());
            decisions = driver.createOutputTopic(topics.decisions.name(), topics.decisions.keySerde().deserializer(),
                    topics.decisions.valueSerde().deserializer());
        }

        /** A 20 ms one-service trace starting at {@code startMs}, from assembly partition {@code partition} (-1: unsigned). */
        void trace(int partition, String id, long startMs) {
            TraceSummary summary = TraceSummary.newBuilder()
                    .setTraceId(id)
                    .setFlow("HTTP GET /hotels")
                    .setRootService("frontend")
                    .setStartMicros(startMs * 1000)
                    .setEndToEndMicros(20_000)
                    .setSpanCount(1)
                    .setServiceSpanCounts(Map.of("frontend", 1))
                    .setExclusiveMicros(Map.of("frontend", 20_000L))
                    .setExclusiveOverlapMicros(Map.of("frontend", 20_000L))
                    .setEmittedAtMicros(startMs * 1000)
                    .build();
            Headers headers = partition < 0 ? new RecordHeaders() : SourceHeaders.of(partition);
            traces.pipeInput(new TestRecord<>(id, summary, headers, Instant.ofEpochMilli(startMs)));
        }

        void quiet(int partition, long atMs) {
            traces.pipeInput(new TestRecord<>(Watermarks.TRACE_ID, Watermarks.summary(atMs),
                    SourceHeaders.quiet(partition), Instant.ofEpochMilli(atMs)));
        }

        List<ScalingDecision> decisions() {
            return decisions.readValuesToList();
        }

        double metric(String name) {
            return driver.metrics().entrySet().stream()
                    .filter(e -> e.getKey().group().equals(QueueFlowerMetrics.GROUP) && e.getKey().name().equals(name))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
