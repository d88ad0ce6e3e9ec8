package io.queueflower.simulator.engine;

import io.queueflower.avro.Span;
import java.util.List;

/**
 * One finished request: its trace's ground truth and, when spans are on, the spans instrumentation would have sent.
 *
 * @param flow         the flow (root operation)
 * @param traceId      trace id, 32 lowercase hex characters
 * @param startSeconds simulated arrival time at the root service
 * @param endSeconds   simulated time the root service answered
 * @param error        true when the request failed (the root span carries HTTP 500 and the error flag)
 * @param spans        the trace's spans in the order they ended; empty when spans are off
 */
public record CompletedRequest(String flow, String traceId, double startSeconds, double endSeconds, boolean error,
                               List<Span> spans) {
    public double latencySeconds() {
        return endSeconds - startSeconds;
    }
}
