package io.queueflower.streams.ingest;

import io.queueflower.avro.Span;
import io.queueflower.streams.decode.SpanDecodeException;
import io.queueflower.streams.decode.SpanDecoder;
import io.queueflower.streams.decode.SpanFormat;
import io.queueflower.streams.decode.SpanRecord;
import io.queueflower.streams.decode.SpanRecordReader;
import java.io.IOException;
import java.io.InputStream;

/** Reads framed records from a stream, decodes them and hands the canonical spans to a sink. */
public final class SpanIngestion {

    /** What one run read and wrote. */
    public record Result(long records, long spans) {
    }

    private SpanIngestion() {
    }

    /**
     * Ingests the whole input; stops at the first bad record. The sink is written to but neither committed nor closed.
     *
     * @throws SpanDecodeException naming the record (number and line or byte offset) and what is wrong in it
     */
    public static Result run(InputStream input, SpanFormat format, SpanSink sink) throws IOException {
        SpanDecoder decoder = format.decoder();
        SpanRecordReader reader = new SpanRecordReader(input, format);
        long records = 0;
        long spans = 0;
        for (SpanRecord record = reader.next(); record != null; record = reader.next()) {
            records++;
            try {
                for (Span span : decoder.decode(record.bytes())) {
                    sink.write(span);
                    spans++;
                }
            } catch (SpanDecodeException e) {
                throw e.record() == null ? e.inRecord(record.location()) : e;
            }
        }
        return new Result(records, spans);
    }
}
