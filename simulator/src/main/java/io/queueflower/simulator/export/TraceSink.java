package io.queueflower.simulator.export;

import io.queueflower.avro.Span;
import java.io.IOException;
import java.util.List;

/** Where finished traces go. Not thread-safe: the simulation calls it from its one thread. */
public interface TraceSink extends AutoCloseable {
    void accept(List<Span> trace) throws IOException;

    /** Flushes and releases; records accepted before are written. */
    @Override
    void close() throws IOException;

    /** Records written so far. */
    long records();
}
