package io.queueflower.loadgen.http;

import java.io.IOException;
import java.util.List;

/** An HTTP client library behind the load generator; chosen by measurement (benchmarks/loadgen/README.md). */
public interface HttpTransport extends AutoCloseable {
    /** Opens {@code count} connections to the target, failing if the target cannot be reached. */
    List<HttpConnection> open(int count) throws IOException;

    @Override
    void close();
}
