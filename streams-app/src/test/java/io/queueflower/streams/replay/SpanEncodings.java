package io.queueflower.streams.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import io.queueflower.jaeger.api_v2.JaegerModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Canonical spans written back out in each ingest format, framed as a file of that format, built with the producers'
 * own generated classes (Jaeger api_v2, OpenTelemetry proto) and protobuf's JSON printer.
 */
final class SpanEncodings {
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpanEncodings() {
    }

    /** Length-prefixed Jaeger api_v2 spans, one per record (what jaeger-collector writes to Kafka). */
    static byte[] jaegerProto(List<Span> spans) {
        List<byte[]> records = new ArrayList<>();
        spans.forEach(span -> records.add(jaeger(span).toByteArray()));
        return lengthPrefixed(records);
    }

    /** Jaeger api_v2 spans in the protobuf JSON mapping, one per line. */
    static byte[] jaegerJson(List<Span> spans) {
        List<byte[]> lines = new ArrayList<>();
        for (Span span : spans) {
            lines.add(print(jaeger(span)).getBytes(StandardCharsets.UTF_8));
        }
        return lines(lines);
    }

    /** Length-prefixed OTLP export requests, one per trace. */
    static byte[] otlpProto(List<Span> spans) {
        List<byte[]> records = new ArrayList<>();
        byTrace(spans).values().forEach(trace -> records.add(otlp(trace).toByteArray()));
        return lengthPrefixed(records);
    }

    /** OTLP/JSON export requests (hex ids), one per trace and line. */
    static byte[] otlpJson(List<Span> spans) {
        List<byte[]> lines = new ArrayList<>();
        for (List<Span> trace : byTrace(spans).values()) {
            lines.add(otlpJsonLine(trace));
        }
        return lines(lines);
    }

    /** One OTLP/JSON record for the given spans. */
    static byte[] otlpJsonLine(List<Span> spans) {
        try {
            JsonNode tree = JSON.readTree(print(otlp(spans)));
            for (JsonNode resourceSpans : tree.path("resourceSpans")) {
                for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
                    for (JsonNode span : scopeSpans.path("spans")) {
                        for (String id : List.of("traceId", "spanId", "parentSpanId")) {
                            if (span.hasNonNull(id)) {
                                // OTLP/JSON spells ids in hex where protobuf's JSON mapping uses base64.
                                ((ObjectNode) span).put(id, HEX.formatHex(Base64.getDecoder().decode(span.get(id).asText())));
                            }
                        }
                    }
                }
            }
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JaegerModel.Span jaeger(Span span) {
        JaegerModel.Process.Builder process = JaegerModel.Process.newBuilder().setServiceName(span.getService());
        if (span.getHost() != null) {
            process.addTags(jaegerTag("hostname", span.getHost()));
        }
        JaegerModel.Span.Builder jaeger = JaegerModel.Span.newBuilder()
                .setTraceId(id(span.getTraceId()))
                .setSpanId(id(span.getSpanId()))
                .setOperationName(span.getOperation())
                .setStartTime(Timestamps.fromMicros(span.getStartMicros()))
                .setDuration(Durations.fromMicros(span.getDurationMicros()))
                .setProcess(process);
        if (span.getParentSpanId() != null) {
            jaeger.addReferences(JaegerModel.SpanRef.newBuilder().setRefType(JaegerModel.SpanRefType.CHILD_OF)
                    .setTraceId(id(span.getTraceId())).setSpanId(id(span.getParentSpanId())));
        }
        if (span.getKind() != SpanKind.UNSPECIFIED) {
            jaeger.addTags(jaegerTag("span.kind", span.getKind().name().toLowerCase(Locale.ROOT)));
        }
        if (span.getStatusCode() != null) {
            jaeger.addTags(JaegerModel.KeyValue.newBuilder().setKey("http.status_code")
                    .setVType(JaegerModel.ValueType.INT64).setVInt64(span.getStatusCode()));
        }
        if (span.getError()) {
            jaeger.addTags(JaegerModel.KeyValue.newBuilder().setKey("error").setVType(JaegerModel.ValueType.BOOL)
                    .setVBool(true));
        }
        return jaeger.build();
    }

    static ExportTraceServiceRequest otlp(List<Span> spans) {
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (Span span : spans) {
            Resource.Builder resource = Resource.newBuilder().addAttributes(otlpAttribute("service.name",
                    AnyValue.newBuilder().setStringValue(span.getService())));
            if (span.getHost() != null) {
                resource.addAttributes(otlpAttribute("k8s.pod.name", AnyValue.newBuilder().setStringValue(span.getHost())));
            }
            io.opentelemetry.proto.trace.v1.Span.Builder otlp = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                    .setTraceId(id(span.getTraceId()))
                    .setSpanId(id(span.getSpanId()))
                    .setName(span.getOperation())
                    .setKind(otlpKind(span.getKind()))
                    .setStartTimeUnixNano(span.getStartMicros() * 1000)
                    .setEndTimeUnixNano((span.getStartMicros() + span.getDurationMicros()) * 1000);
            if (span.getParentSpanId() != null) {
                otlp.setParentSpanId(id(span.getParentSpanId()));
            }
            if (span.getStatusCode() != null) {
                otlp.addAttributes(otlpAttribute("http.status_code", AnyValue.newBuilder().setIntValue(span.getStatusCode())));
            }
            if (span.getError()) {
                otlp.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
            }
            request.addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(otlp)));
        }
        return request.build();
    }

    static byte[] lengthPrefixed(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] record : records) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(record.length).array());
            out.writeBytes(record);
        }
        return out.toByteArray();
    }

    static byte[] lines(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            out.writeBytes(line);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static Map<String, List<Span>> byTrace(List<Span> spans) {
        Map<String, List<Span>> traces = new LinkedHashMap<>();
        spans.forEach(span -> traces.computeIfAbsent(span.getTraceId(), t -> new ArrayList<>()).add(span));
        return traces;
    }

    private static io.opentelemetry.proto.trace.v1.Span.SpanKind otlpKind(SpanKind kind) {
        return switch (kind) {
            case SERVER -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
            case CLIENT -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
            case PRODUCER -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER;
            case CONSUMER -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER;
            case INTERNAL -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL;
            case UNSPECIFIED -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_UNSPECIFIED;
        };
    }

    private static JaegerModel.KeyValue jaegerTag(String key, String value) {
        return JaegerModel.KeyValue.newBuilder().setKey(key).setVType(JaegerModel.ValueType.STRING).setVStr(value)
                .build();
    }

    private static KeyValue otlpAttribute(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static ByteString id(String hex) {
        return ByteString.copyFrom(HEX.parseHex(hex));
    }

    private static String print(com.google.protobuf.MessageOrBuilder message) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
