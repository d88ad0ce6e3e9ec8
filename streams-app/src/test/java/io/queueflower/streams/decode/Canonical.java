package io.queueflower.streams.decode;

import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;

/** Expected canonical spans, spelled out field by field. */
final class Canonical {
    private Canonical() {
    }

    static Span span(String traceId, String spanId, String parentSpanId, String service, String operation,
                     SpanKind kind, long startMicros, long durationMicros, String host, Integer statusCode,
                     boolean error) {
        return new Span(traceId, spanId, parentSpanId, service, operation, kind, startMicros, durationMicros, host,
                statusCode, error);
    }
}
