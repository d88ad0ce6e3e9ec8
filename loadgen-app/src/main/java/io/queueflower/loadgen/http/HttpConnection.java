package io.queueflower.loadgen.http;

import io.queueflower.core.workload.WorkloadRequest;

/**
 * One HTTP/1.1 keep-alive connection that carries one request at a time, as a wrk2 connection does. The caller uses
 * it from the connection's own thread only: tasks passed to {@link #runAfter} and listener calls run there.
 */
public interface HttpConnection {
    /** Sends a request (reconnecting first if the previous connection was closed); the listener hears the outcome. */
    void send(WorkloadRequest request, ExchangeListener listener);

    /** Runs {@code task} on this connection's thread once {@code delayNanos} have passed (at once if ≤ 0). */
    void runAfter(long delayNanos, Runnable task);
}
