package io.queueflower.streams.replay;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.Span;
import io.queueflower.schemas.DeadLetters;
import io.queueflower.schemas.Topics;
import io.queueflower.schemas.registry.MockSchemaRegistry;
import io.queueflower.streams.config.StreamsAppConfig;
import io.queueflower.streams.decode.SpanDecodeException;
import io.queueflower.streams.decode.SpanFormat;
import io.queueflower.streams.decode.SpanRecord;
import io.queueflower.streams.decode.SpanRecordReader;
import io.queueflower.streams.topology.QueueFlowerMetrics;
import io.queueflower.streams.topology.QueueFlowerTopology;
import io.queueflower.streams.topology.SourceHeaders;
import io.queueflower.streams.topology.Watermarks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Offline evaluation through the live app's own code path: the topology of {@link QueueFlowerTopology#build} runs on a
 * {@link TopologyTestDriver} (no broker), every input record's raw bytes go into the input topic exactly as the tracing
 * stack would have produced them, and each {@link ScalingDecision} written to qf.decisions becomes a
 * {@link WindowReport}.
 *
 * <ul>
 *   <li>Event time is the spans' own (the ingestion stage stamps each span with its end time), so a replay gives the
 *   same windows whenever it runs. A raw record is piped with the latest span end time seen so far: that moves no
 *   stage's clock, which only the spans themselves do.</li>
 *   <li>At the end of the input a watermark ({@link Watermarks}) far enough ahead (latest span end + trace.max.wait +
 *   window + grace + 1 s) goes into qf.spans, so every trace is assembled and every open window closed and reported.
 *   Windows that start after the latest span end hold nothing from the input (a trace belongs to the window of its
 *   start) and exist only because of that watermark; they are not reported.</li>
 *   <li>A record that does not decode goes to the dead-letter topic, as in the live app, and the replay goes on; the
 *   count and the first error, located in the input, are in the {@link Summary}. A record the input cannot even be cut
 *   into (framing) stops the replay with a {@link SpanDecodeException} naming its record number and offset.</li>
 *   <li>Everything the driver produces is drained after every record, so memory does not grow with the input; state
 *   lives in RocksDB in a temporary directory ({@link #defaultStateParent()}), deleted afterwards, and the schema
 *   registry is an in-process {@code mock://replay-<uuid>} scope, dropped afterwards.</li>
 * </ul>
 */
public final class Replay {
    private static final long WATERMARK_MARGIN_MS = 1_000;

    /** Receives the replay's results as they come. */
    public interface Listener {
        /** One closed window, in window order. */
        void window(WindowReport report) throws IOException;

        /** Called after every input record; implementations decide how often to show it. */
        default void progress(Progress progress) {
        }
    }

    /** How far the replay is. */
    public record Progress(long records, long spans, long windows, long deadLetters) {
    }

    /**
     * What a replay did.
     *
     * @param records         input records read
     * @param spans           spans decoded
     * @param windows         windows reported
     * @param deadLetters     records that did not decode and went to the dead-letter topic
     * @param firstDeadLetter the first of them, located in the input, with its error; null when there was none
     * @param lateSpans       spans that arrived after their trace was assembled (counted in a later summary)
     * @param lateTraces      traces whose window had already closed, left out of every window
     */
    public record Summary(long records, long spans, long windows, long deadLetters, String firstDeadLetter,
                          long lateSpans, long lateTraces) {
    }

    private Replay() {
    }

    /**
     * Replays {@code input}.
     *
     * @param settings configuration keys of {@link StreamsAppConfig} (input.format says how the input is framed and
     *                 decoded); schema.registry.url, application.id and state.dir are replaced by replay's own
     * @throws org.apache.kafka.common.config.ConfigException for a bad setting
     * @throws SpanDecodeException when the input cannot be cut into records
     */
    public static Summary run(Map<String, String> settings, InputStream input, Listener listener) throws IOException {
        return run(settings, defaultStateParent(), input, listener);
    }

    /**
     * Replays {@code input} with the state in a new directory under {@code stateParent}.
     *
     * @see #run(Map, InputStream, Listener)
     */
    public static Summary run(Map<String, String> settings, Path stateParent, InputStream input, Listener listener)
            throws IOException {
        String scope = "replay-" + UUID.randomUUID();
        try (StateDirectory stateDir = new StateDirectory(Files.createTempDirectory(stateParent, "queueflower-replay-"))) {
            Map<String, String> values = new HashMap<>(settings);
            values.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, MockSchemaRegistry.URL_PREFIX + scope);
            values.put(StreamsConfig.APPLICATION_ID_CONFIG, "queueflower-replay");
            values.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.path().toString());
            // The driver commits after every record; RocksDB would flush on each of them.
            values.putIfAbsent(StreamsAppConfig.STATE_STORES, "in-memory");
            StreamsAppConfig config = new StreamsAppConfig(values);
            try (Session session = new Session(config, listener)) {
                return session.run(new SpanRecordReader(input,
                        SpanFormat.fromCliName(config.getString(StreamsAppConfig.INPUT_FORMAT))));
            }
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    /** One run of the driver. */
    private static final class Session implements AutoCloseable {
        private final StreamsAppConfig config;
        private final Listener listener;
        private final Topics topics;
        private final TopologyTestDriver driver;
        private final TestInputTopic<byte[], byte[]> input;
        private final TestInputTopic<String, Span> spansInput;
        private final Deserializer<ScalingDecision> decisions;
        private final Map<String, TestOutputTopic<byte[], byte[]>> outputs = new HashMap<>();

        private long records;
        private long spans;
        private long windows;
        private long deadLetters;
        private String firstDeadLetter;
        /** Latest span end time seen, ms; Long.MIN_VALUE before the first span. */
        private long latestEventMs = Long.MIN_VALUE;

        Session(StreamsAppConfig config, Listener listener) {
            this.config = config;
            this.listener = listener;
            this.topics = Topics.create(config.getString(StreamsAppConfig.INPUT_TOPIC), config.serdeConfig());
            Properties props = new Properties();
            props.putAll(config.streamsProperties());
            this.driver = new TopologyTestDriver(QueueFlowerTopology.build(config), props);
            ByteArraySerializer bytes = new ByteArraySerializer();
            this.input = driver.createInputTopic(topics.input.name(), bytes, bytes);
            this.spansInput = driver.createInputTopic(topics.spans.name(), topics.spans.keySerde().serializer(),
                    topics.spans.valueSerde().serializer());
            this.decisions = topics.decisions.valueSerde().deserializer();
        }

        Summary run(SpanRecordReader reader) throws IOException {
            for (SpanRecord record = reader.next(); record != null; record = reader.next()) {
                records++;
                input.pipeInput(null, record.bytes(), Math.max(0, latestEventMs));
                drain(record);
                listener.progress(new Progress(records, spans, windows, deadLetters));
            }
            if (spans > 0) {
                long watermark = latestEventMs + config.getLong(StreamsAppConfig.TRACE_MAX_WAIT_MS)
                        + config.getLong(StreamsAppConfig.WINDOW_SIZE_MS)
                        + config.getLong(StreamsAppConfig.WINDOW_GRACE_MS) + WATERMARK_MARGIN_MS;
                Span mark = Watermarks.span(watermark);
                spansInput.pipeInput(mark.getTraceId(), mark, watermark);
                drain(null);
            }
            listener.progress(new Progress(records, spans, windows, deadLetters));
            return new Summary(records, spans, windows, deadLetters, firstDeadLetter, metric("late-spans-total"),
                    metric("late-traces-total"));
        }

        /** Reads everything produced since the last call; {@code current} is the input record just piped. */
        private void drain(SpanRecord current) throws IOException {
            List<String> topicsInOrder = new ArrayList<>(driver.producedTopicNames());
            // Spans first: a decision is reported only if its window starts by the latest span end, which they set.
            topicsInOrder.sort(Comparator.comparing((String topic) -> !topic.equals(topics.spans.name())));
            for (String topic : topicsInOrder) {
                TestOutputTopic<byte[], byte[]> output = outputs.computeIfAbsent(topic, t ->
                        driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
                if (output.isEmpty()) {
                    continue;
                }
                List<TestRecord<byte[], byte[]>> produced = output.readRecordsToList();
                if (topic.equals(topics.spans.name())) {
                    for (TestRecord<byte[], byte[]> span : produced) {
                        if (SourceHeaders.isSigned(span.headers())) {
                            continue; // the decoding stage's progress mark, not a span
                        }
                        spans++;
                        latestEventMs = Math.max(latestEventMs, span.timestamp());
                    }
                } else if (topic.equals(topics.deadLetters.name())) {
                    for (TestRecord<byte[], byte[]> letter : produced) {
                        deadLetters++;
                        if (firstDeadLetter == null) {
                            String error = DeadLetters.header(letter.headers(), DeadLetters.ERROR);
                            firstDeadLetter = (current == null ? "" : current.location() + ": ") + error;
                        }
                    }
                } else if (topic.equals(topics.decisions.name())) {
                    for (TestRecord<byte[], byte[]> decision : produced) {
                        WindowReport report = WindowReport.of(decisions.deserialize(topic, decision.value()));
                        if (report.windowStart() <= latestEventMs) {
                            windows++;
                            listener.window(report);
                        }
                    }
                }
                // Every other topic (traces, statistics, repartition, changelogs) only feeds the topology itself.
            }
        }

        private long metric(String name) {
            double total = 0;
            for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
                if (e.getKey().group().equals(QueueFlowerMetrics.GROUP) && e.getKey().name().equals(name)
                        && e.getValue().metricValue() instanceof Number value) {
                    total += value.doubleValue();
                }
            }
            return Math.round(total);
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    /**
     * Where the state goes by default: {@code /dev/shm} (memory) where it exists and is writable, else the system's
     * temporary directory. The test driver commits after every record, and every commit syncs a checkpoint file to
     * disk; on a disk that costs tens of milliseconds per record, in memory nothing. The state is deleted afterwards
     * either way, so nothing is lost by not keeping it on disk.
     */
    public static Path defaultStateParent() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** The driver's state directory, deleted with everything in it when closed (after the driver). */
    private record StateDirectory(Path path) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (!Files.exists(path)) {
                return;
            }
            List<Path> all;
            try (Stream<Path> paths = Files.walk(path)) {
                all = new ArrayList<>(paths.toList());
            }
            all.sort(Comparator.reverseOrder());
            for (Path each : all) {
                Files.deleteIfExists(each);
            }
        }
    }
}
