package io.queueflower.streams.ingest;

import io.queueflower.avro.Span;
import io.queueflower.streams.decode.SpanJson;
import io.queueflower.streams.output.AtomicTextOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Canonical spans as UTF-8 JSON lines ({@link SpanJson}), to a file or to a stream such as standard output. */
public final class JsonLinesSpanSink implements SpanSink {
    private final AtomicTextOutput out;

    private JsonLinesSpanSink(AtomicTextOutput out) {
        this.out = out;
    }

    /** To {@code target}, replaced atomically on commit (see {@link AtomicTextOutput}). */
    public static JsonLinesSpanSink toFile(Path target) throws IOException {
        return new JsonLinesSpanSink(AtomicTextOutput.toFile(target));
    }

    /** Straight to {@code stream} (not closed by this sink). */
    public static JsonLinesSpanSink toStream(OutputStream stream) {
        return new JsonLinesSpanSink(AtomicTextOutput.toStream(stream));
    }

    @Override
    public void write(Span span) throws IOException {
        out.line(SpanJson.toJson(span));
    }

    @Override
    public void commit() throws IOException {
        out.commit();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
