package io.queueflower.streams.topology;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import io.queueflower.avro.TraceSummary;
import io.queueflower.schemas.Topics;
import io.queueflower.streams.config.StreamsAppConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The whole topology on a TopologyTestDriver, with typed access to every topic. */
final class PipelineDriver implements AutoCloseable {
    final StreamsAppConfig config;
    final Topics topics;
    final TopologyTestDriver driver;
    final TestInputTopic<String, Span> spans;
    final TestInputTopic<String, ReplicaStatus> replicas;
    final TestOutputTopic<String, TraceSummary> traces;
    final TestOutputTopic<String, ScalingDecision> decisions;
    final TestOutputTopic<String, ServiceWindowStats> stats;

    PipelineDriver(Map<String, String> settings, Path stateDir) {
        Map<String, String> values = baseSettings();
        values.putAll(settings);
        config = new StreamsAppConfig(values);
        topics = Topics.create(config.getString(StreamsAppConfig.INPUT_TOPIC), config.serdeConfig());
        Properties props = new Properties();
        props.putAll(config.streamsProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pipeline-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(QueueFlowerTopology.build(config), props);
        spans = driver.createInputTopic(topics.spans.name(), topics.spans.keySerde().serializer(),
                topics.spans.valueSerde().serializer());
        replicas = driver.createInputTopic(topics.replicas.name(), topics.replicas.keySerde().serializer(),
                topics.replicas.valueSerde().serializer());
        traces = driver.createOutputTopic(topics.traces.name(), topics.traces.keySerde().deserializer(),
                topics.traces.valueSerde().deserializer());
        decisions = driver.createOutputTopic(topics.decisions.name(), topics.decisions.keySerde().deserializer(),
                topics.decisions.valueSerde().deserializer());
        stats = driver.createOutputTopic(topics.serviceStats.name(), topics.serviceStats.keySerde().deserializer(),
                topics.serviceStats.valueSerde().deserializer());
        // Spans go straight into qf.spans here: the (empty) decoding stage says it holds nothing back, as it would
        // after its quiet time, so the spans' own times keep the assembly's time.
        spans.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(Watermarks.TRACE_ID, Watermarks.span(0),
                SourceHeaders.quiet(0), java.time.Instant.ofEpochMilli(0)));
    }

    /** Short trace and window times for driver tests, a registry scope of their own, in-memory stores. */
    static Map<String, String> baseSettings() {
        Map<String, String> values = new HashMap<>();
        values.put("schema.registry.url", "mock://pipeline-" + UUID.randomUUID());
        values.put(StreamsAppConfig.TRACE_IDLE_MS, "1000");
        values.put(StreamsAppConfig.TRACE_MAX_WAIT_MS, "5000");
        values.put(StreamsAppConfig.WINDOW_SIZE_MS, "10000");
        values.put(StreamsAppConfig.WINDOW_GRACE_MS, "2000");
        // The driver commits after every record; RocksDB would flush on each (the broker tests cover RocksDB).
        values.put(StreamsAppConfig.STATE_STORES, "in-memory");
        return values;
    }

    /** Pipes a span with its end time as record timestamp, as the ingestion stage does. */
    void pipe(Span span) {
        spans.pipeInput(span.getTraceId(), span, (span.getStartMicros() + span.getDurationMicros()) / 1000);
    }

    /** Advances event time everywhere to {@code ms}. */
    void watermark(long ms) {
        spans.pipeInput(Watermarks.TRACE_ID, Watermarks.span(ms), ms);
    }

    /** Advances the driver's wall clock, which only wall-clock punctuations read (the idle close). */
    void advanceWallClock(long ms) {
        driver.advanceWallClockTime(java.time.Duration.ofMillis(ms));
    }

    /** Summaries of real traces emitted so far (watermarks pass through qf.traces too). */
    java.util.List<TraceSummary> assembled() {
        return traces.readValuesToList().stream().filter(t -> !Watermarks.isWatermark(t)).toList();
    }

    double metric(String name) {
        double total = 0;
        boolean found = false;
        for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            if (e.getKey().group().equals(QueueFlowerMetrics.GROUP) && e.getKey().name().equals(name)) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no metric " + name);
        }
        return total;
    }

    static Span span(String traceId, String spanId, String parent, String service, String operation, long startMs,
                     long durationMs) {
        return Span.newBuilder().setTraceId(traceId).setSpanId(spanId).setParentSpanId(parent).setService(service)
                .setOperation(operation).setKind(parent == null ? SpanKind.SERVER : SpanKind.SERVER)
                .setStartMicros(startMs * 1000).setDurationMicros(durationMs * 1000).setHost(service + "-0")
                .setStatusCode(parent == null ? 200 : null).build();
    }

    static String traceId(int n) {
        return String.format("%032x", n);
    }

    static String spanId(int n) {
        return String.format("%016x", n);
    }

    @Override
    public void close() {
        driver.close();
    }
}
