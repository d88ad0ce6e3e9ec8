package io.queueflower.streams.topology;

import io.queueflower.avro.Span;
import io.queueflower.schemas.DeadLetters;
import io.queueflower.streams.decode.SpanDecoder;
import io.queueflower.streams.decode.TraceKeyedInput;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes one raw span record into canonical spans, forwarded keyed by traceId to the spans sink; a record that
 * does not decode goes, unchanged and with {@link DeadLetters} headers, to the dead-letter sink. Nothing a producer
 * writes can stop the stream.
 */
final class SpanDecodeProcessor implements Processor<byte[], byte[], Object, Object> {
    static final String STAGE = "ingest";

    private final SpanDecoder decoder;
    private final String spansSink;
    private final String deadLetterSink;
    private ProcessorContext<Object, Object> context;
    private Sensor spansDecoded;
    private Sensor deadLettered;

    private final boolean keyedByTrace;

    /**
     * @param spansSink    the child decoded spans go to: the qf.spans sink, or the assembly itself when the input is
     *                     keyed by trace
     * @param keyedByTrace refuse a record that breaks {@link TraceKeyedInput}
     */
    SpanDecodeProcessor(SpanDecoder decoder, String spansSink, String deadLetterSink, boolean keyedByTrace) {
        this.keyedByTrace = keyedByTrace;
        this.decoder = decoder;
        this.spansSink = spansSink;
        this.deadLetterSink = deadLetterSink;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.spansDecoded = QueueFlowerMetrics.counter(context.metrics(), STAGE, "spans-decoded");
        this.deadLettered = QueueFlowerMetrics.counter(context.metrics(), STAGE, "dlq-records");
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
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
        }
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
