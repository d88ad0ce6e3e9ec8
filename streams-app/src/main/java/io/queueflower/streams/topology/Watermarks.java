package io.queueflower.streams.topology;

import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import io.queueflower.avro.TraceSummary;

/**
 * A watermark is a canonical span of a reserved service that carries only a time: it advances event time through
 * every stage (assembling due traces, closing due windows) without being counted as traffic. Replay sends one after
 * the last input so every open window is closed and reported; a live deployment never needs one while spans flow.
 */
public final class Watermarks {
    public static final String SERVICE = "__queueflower_watermark__";
    static final String TRACE_ID = "00000000000000000000000000000000";

    private Watermarks() {
    }

    public static Span span(long eventTimeMs) {
        return Span.newBuilder()
                .setTraceId(TRACE_ID)
                .setSpanId("0000000000000000")
                .setService(SERVICE)
                .setOperation(SERVICE)
                .setKind(SpanKind.INTERNAL)
                .setStartMicros(eventTimeMs * 1000)
                .setDurationMicros(0)
                .build();
    }

    public static boolean isWatermark(Span span) {
        return SERVICE.equals(span.getService());
    }

    static TraceSummary summary(long eventTimeMs) {
        return TraceSummary.newBuilder()
                .setTraceId(TRACE_ID)
                .setFlow(SERVICE)
                .setRootService(SERVICE)
                .setStartMicros(eventTimeMs * 1000)
                .setEndToEndMicros(0)
                .setSpanCount(0)
                .setEmittedAtMicros(eventTimeMs * 1000)
                .build();
    }

    public static boolean isWatermark(TraceSummary summary) {
        return SERVICE.equals(summary.getFlow());
    }
}
