package io.queueflower.streams.decode;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import java.util.ArrayList;
import java.util.List;

/** Maps an OTLP export request (from protobuf or OTLP/JSON) onto canonical spans. */
final class OtlpSpanMapper {
    /** What the OTel specification says a span without a service.name resource attribute belongs to. */
    static final String UNKNOWN_SERVICE = "unknown_service";

    private OtlpSpanMapper() {
    }

    static List<Span> toCanonical(ExportTraceServiceRequest request, SpanFormat format) {
        List<Span> spans = new ArrayList<>();
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans resourceSpans = request.getResourceSpans(r);
            ProcessTags resource = new ProcessTags();
            for (KeyValue attribute : resourceSpans.getResource().getAttributesList()) {
                resource.put(attribute.getKey(), value(attribute.getValue()));
            }
            String service = resource.serviceName() != null ? resource.serviceName() : UNKNOWN_SERVICE;
            String host = resource.host();
            for (int s = 0; s < resourceSpans.getScopeSpansCount(); s++) {
                ScopeSpans scopeSpans = resourceSpans.getScopeSpans(s);
                for (int i = 0; i < scopeSpans.getSpansCount(); i++) {
                    String where = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
                    spans.add(toCanonical(scopeSpans.getSpans(i), service, host, format, where));
                }
            }
        }
        return spans;
    }

    private static Span toCanonical(io.opentelemetry.proto.trace.v1.Span span, String service, String host,
                                    SpanFormat format, String where) {
        SpanTags tags = new SpanTags();
        for (KeyValue attribute : span.getAttributesList()) {
            tags.put(attribute.getKey(), value(attribute.getValue()));
        }
        return canonical(span.getTraceId().toByteArray(), span.getSpanId().toByteArray(),
                span.getParentSpanId().toByteArray(), service, span.getName(), kind(span.getKind()),
                span.getStartTimeUnixNano(), span.getEndTimeUnixNano(), host, tags,
                span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR, format, where);
    }

    /**
     * The canonical span from an OTLP span's fields, with every check; shared by this mapper and
     * {@link OtlpWireReader}. {@code where} (e.g. {@code resourceSpans[0].scopeSpans[0].spans[3]}) names the span in
     * errors; null when the caller reports errors its own way (the wire reader re-decodes with this mapper).
     */
    static Span canonical(byte[] traceIdBytes, byte[] spanIdBytes, byte[] parentBytes, String service, String name,
                          SpanKind kind, long start, long end, String host, SpanTags tags, boolean error,
                          SpanFormat format, String where) {
        String traceId = SpanIds.traceId(traceIdBytes, false, format, where == null ? null : where + ".traceId");
        String spanId = SpanIds.spanId(spanIdBytes, format, where == null ? null : where + ".spanId");
        String parentSpanId = SpanIds.parentSpanId(parentBytes, format,
                where == null ? null : where + ".parentSpanId");

        // fixed64 on the wire: a negative long is a time after 2262, i.e. garbage.
        if (start <= 0) {
            throw new SpanDecodeException(format, where == null ? null : where + ".startTimeUnixNano",
                    "missing or out of range: " + Long.toUnsignedString(start));
        }
        if (end < start) {
            throw new SpanDecodeException(format, where == null ? null : where + ".endTimeUnixNano",
                    "end " + Long.toUnsignedString(end) + " is before start " + start);
        }
        return new Span(traceId, spanId, parentSpanId, service, name, kind, start / 1_000L, (end - start) / 1_000L,
                host, tags.statusCode(), error);
    }

    private static SpanKind kind(io.opentelemetry.proto.trace.v1.Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_SERVER -> SpanKind.SERVER;
            case SPAN_KIND_CLIENT -> SpanKind.CLIENT;
            case SPAN_KIND_PRODUCER -> SpanKind.PRODUCER;
            case SPAN_KIND_CONSUMER -> SpanKind.CONSUMER;
            case SPAN_KIND_INTERNAL -> SpanKind.INTERNAL;
            default -> SpanKind.UNSPECIFIED;
        };
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BYTES_VALUE -> value.getBytesValue().toByteArray();
            default -> null;
        };
    }
}
