package io.queueflower.core.trace;

import io.queueflower.avro.Span;

/** Compact span construction for tests. */
final class Spans {
    static final String TRACE = "0000000000000000000000000000abcd";

    private Spans() {
    }

    static Span span(String id, String parent, String service, String operation, long start, long duration, String host) {
        return Span.newBuilder()
                .setTraceId(TRACE)
                .setSpanId(id)
                .setParentSpanId(parent)
                .setService(service)
                .setOperation(operation)
                .setStartMicros(start)
                .setDurationMicros(duration)
                .setHost(host)
                .build();
    }

    static Span root(String id, String service, String operation, long start, long duration, Integer status, boolean error) {
        return Span.newBuilder(span(id, null, service, operation, start, duration, null))
                .setStatusCode(status)
                .setError(error)
                .build();
    }
}
