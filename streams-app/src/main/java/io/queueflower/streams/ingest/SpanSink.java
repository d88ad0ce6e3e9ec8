package io.queueflower.streams.ingest;

import io.queueflower.avro.Span;
import java.io.Closeable;
import java.io.IOException;

/**
 * Where ingested canonical spans go: a JSON-lines file or stream now, a Kafka topic later. All-or-nothing where the
 * destination allows it: nothing written becomes visible until {@link #commit()}, and closing without committing
 * discards it.
 */
public interface SpanSink extends Closeable {

    void write(Span span) throws IOException;

    /** Makes everything written so far visible at the destination; call once, after the last write. */
    void commit() throws IOException;

    /** Releases resources; without a prior {@link #commit()} whatever was written is discarded if possible. */
    @Override
    void close() throws IOException;
}
