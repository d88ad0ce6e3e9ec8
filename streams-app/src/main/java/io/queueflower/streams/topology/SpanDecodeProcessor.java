package io.queueflower.streams.topology;

import io.queueflower.avro.Span;
import io.queueflower.schemas.DeadLetters;
import io.queueflower.streams.decode.SpanDecoder;
import io.queueflower.streams.decode.TraceKeyedInput;
import io.queueflower.core.time.IdleClock;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes one raw span record into canonical spans, forwarded keyed by traceId to the spans sink; a record that
 * does not decode goes, unchanged and with {@link DeadLetters} headers, to the dead-letter sink. Nothing a producer
 * writes can stop the stream.
 *
 * <p>When the spans go on through qf.spans, every assembly partition hears from every decoding partition: once a
 * second of span time a progress mark (a watermark span signed with this partition, {@link SourceHeaders}) goes to all
 * qf.spans partitions, saying how far this partition's spans have got, and when its input has been quiet for a few
 * seconds a quiet mark says it holds nothing back. The assembly keeps time on the slowest decoding partition, so it lets
 * traces out in the same order however the input is partitioned.
 */
final class SpanDecodeProcessor implements Processor<byte[], byte[], Object, Object> {
    static final String STAGE = "ingest";
    private static final long MARK_INTERVAL_MS = 1_000;
    /**
     * Wall-clock silence of this partition's input after which it says it holds nothing back. Short, because the
     * assembly keeps time on the slowest partition and an empty one would hold it back for the whole wait. Safe for
     * live traffic, whose spans after a quiet spell are new ones; not for a backlog that reaches the partitions at
     * slightly different moments after a silence (one produced at once, a catch-up at start): the first partition to
     * wake would run ahead of those still marked quiet. So the marks are only sent when the pipeline runs on the
     * wall clock at all ({@code window.idle.close.ms} &gt; 0); on event time only, decisions depend on the data alone.
     */
    private static final long QUIET_AFTER_MS = 5_000;

    private final SpanDecoder decoder;
    private final String spansSink;
    private final String deadLetterSink;
    private ProcessorContext<Object, Object> context;
    private Sensor spansDecoded;
    private Sensor deadLettered;

    private final boolean keyedByTrace;
    private final boolean marks;
    private final boolean quietMarks;
    private int partition;
    private long latestEndMs = Long.MIN_VALUE;
    private long markedSecond = Long.MIN_VALUE;
    private long inputAtWallMs;

    /**
     * @param spansSink    the child decoded spans go to: the qf.spans sink, or the assembly itself when the input is
     *                     keyed by trace
     * @param keyedByTrace refuse a record that breaks {@link TraceKeyedInput}
     *                     and send no progress marks (the assembly is this task; through qf.spans they go to every
     *                     partition)
     * @param quietMarks   through qf.spans, also say when the input has been quiet (see
     *                     {@link IngestTopology#addTo})
     */
    SpanDecodeProcessor(SpanDecoder decoder, String spansSink, String deadLetterSink, boolean keyedByTrace,
                        boolean quietMarks) {
        this.keyedByTrace = keyedByTrace;
        this.marks = !keyedByTrace;
        this.quietMarks = marks && quietMarks;
        this.decoder = decoder;
        this.spansSink = spansSink;
        this.deadLetterSink = deadLetterSink;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.spansDecoded = QueueFlowerMetrics.counter(context.metrics(), STAGE, "spans-decoded");
        this.deadLettered = QueueFlowerMetrics.counter(context.metrics(), STAGE, "dlq-records");
        partition = context.taskId().partition();
        inputAtWallMs = context.currentSystemTimeMs();
        if (quietMarks) {
            context.schedule(IdleClock.checkInterval(QUIET_AFTER_MS), PunctuationType.WALL_CLOCK_TIME,
                    this::markQuiet);
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        inputAtWallMs = context.currentSystemTimeMs();
        List<Span> spans;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("record has no value (null payload)");
            }
            spans = decoder.decode(record.value());
            if (keyedByTrace) {
                TraceKeyedInput.check(record.key(), spans);
            }
        } catch (Exception | StackOverflowError e) {
            deadLetter(record, e);
            return;
        }
        for (Span span : spans) {
            // Event time of a span is when it ended: that is when its service finished the work it measures.
            long endMs = (span.getStartMicros() + span.getDurationMicros()) / 1000;
            context.forward(new Record<Object, Object>(span.getTraceId(), span, endMs), spansSink);
            spansDecoded.record();
            latestEndMs = Math.max(latestEndMs, endMs);
        }
        if (marks && !spans.isEmpty() && Math.floorDiv(latestEndMs, MARK_INTERVAL_MS) > markedSecond) {
            markedSecond = Math.floorDiv(latestEndMs, MARK_INTERVAL_MS);
            mark(latestEndMs, SourceHeaders.of(partition));
        }
    }

    private void markQuiet(long wallMs) {
        if (wallMs - inputAtWallMs >= QUIET_AFTER_MS) {
            mark(latestEndMs == Long.MIN_VALUE ? wallMs : latestEndMs, SourceHeaders.quiet(partition));
        }
    }

    /** Sent to every qf.spans partition ({@link SpanPartitioner}). */
    private void mark(long timeMs, Headers headers) {
        context.forward(new Record<Object, Object>(Watermarks.TRACE_ID, Watermarks.span(timeMs), timeMs, headers),
                spansSink);
    }

    private void deadLetter(Record<byte[], byte[]> record, Throwable error) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetters.describe(headers, STAGE, error,
                source == null ? "unknown" : source.topic(),
                source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset());
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers),
                deadLetterSink);
        deadLettered.record();
    }
}
