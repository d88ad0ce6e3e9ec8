package io.queueflower.streams.topology;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;

/** Small OTLP protobuf payloads, built with OpenTelemetry's own generated classes, for topology tests. */
final class OtlpFixtures {
    private OtlpFixtures() {
    }

    /** A two-span trace: frontend SERVER root with a search CLIENT... child, as one export request. */
    static byte[] twoSpanTrace(String traceIdHex, long startMicros) {
        return twoSpanTrace(traceIdHex, startMicros, 10_000, 4_000);
    }

    /** {@link #twoSpanTrace} with the root's and the child's durations given. */
    static byte[] twoSpanTrace(String traceIdHex, long startMicros, long rootMicros, long childMicros) {
        Span root = span(traceIdHex, "00000000000000a1", "", "HTTP GET /hotels", Span.SpanKind.SPAN_KIND_SERVER,
                startMicros, rootMicros);
        Span child = span(traceIdHex, "00000000000000b2", "00000000000000a1", "/search.Search/Nearby",
                Span.SpanKind.SPAN_KIND_SERVER, startMicros + 1_000, childMicros);
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resourceSpans("frontend", root))
                .addResourceSpans(resourceSpans("search", child))
                .build().toByteArray();
    }

    /** The same two spans as {@link #twoSpanTrace}, one export request each, as jaeger-collector writes one span per record. */
    static List<byte[]> twoSpanTraceOneSpanPerRecord(String traceIdHex, long startMicros) {
        ExportTraceServiceRequest whole;
        try {
            whole = ExportTraceServiceRequest.parseFrom(twoSpanTrace(traceIdHex, startMicros));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
        return whole.getResourceSpansList().stream()
                .map(r -> ExportTraceServiceRequest.newBuilder().addResourceSpans(r).build().toByteArray()).toList();
    }

    private static ResourceSpans resourceSpans(String service, Span span) {
        return ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))
                .build();
    }

    private static Span span(String traceIdHex, String spanIdHex, String parentHex, String name, Span.SpanKind kind,
                             long startMicros, long durationMicros) {
        HexFormat hex = HexFormat.of();
        Span.Builder span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(hex.parseHex(traceIdHex)))
                .setSpanId(ByteString.copyFrom(hex.parseHex(spanIdHex)))
                .setName(name)
                .setKind(kind)
                .setStartTimeUnixNano(startMicros * 1000)
                .setEndTimeUnixNano((startMicros + durationMicros) * 1000);
        if (!parentHex.isEmpty()) {
            span.setParentSpanId(ByteString.copyFrom(hex.parseHex(parentHex)));
        }
        return span.build();
    }
}
