package io.queueflower.bench.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.queueflower.jaeger.api_v2.JaegerModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Deterministic traces shaped like DeathStarBench's hotel reservation: eight services, one span each, a frontend
 * root whose operation is the flow, two levels of children, and the attributes real SDKs attach (HTTP/gRPC
 * semantic conventions on spans; service, host, pod and SDK attributes on the resource). The same trace can be
 * written in every input encoding, so the decoders and the pipeline are measured on equal content.
 */
public final class SyntheticTraces {
    /** Spans per trace. */
    public static final int SPANS_PER_TRACE = 8;
    /** Time from the root's start to its end, ms: a trace's last span ends this long after it began. */
    public static final long TRACE_DURATION_MS = 20;

    public static final List<String> FLOWS = List.of("HTTP GET /hotels", "HTTP GET /recommendations",
            "HTTP POST /user", "HTTP POST /reservation");
    public static final List<String> SERVICES = List.of("frontend", "search", "geo", "rate", "profile",
            "reservation", "user", "recommendation");
    private static final String[] OPERATIONS = {null, "/search.Search/Nearby", "/geo.Geo/Nearby", "/rate.Rate/GetRates",
            "/profile.Profile/GetProfiles", "/reservation.Reservation/CheckAvailability", "/user.User/CheckUser",
            "/recommendation.Recommendation/GetRecommendations"};
    /** Parent index of each span (-1: root); search fans out to geo and rate, the frontend to the rest. */
    private static final int[] PARENT = {-1, 0, 1, 1, 0, 0, 0, 0};
    /** Start offset and duration of each span within the trace, µs; children end before their parents. */
    private static final long[] START_US = {0, 1_000, 2_000, 2_500, 7_000, 10_000, 12_500, 15_000};
    private static final long[] DURATION_US = {20_000, 5_000, 1_500, 2_000, 2_500, 2_000, 2_000, 4_000};

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    private SyntheticTraces() {
    }

    /** Trace id of trace number {@code n} (never zero), as 16 bytes. */
    public static byte[] traceId(long n, long salt) {
        byte[] id = new byte[16];
        long high = mix(salt * 31 + 7) | 1L;
        long low = mix(n + 1 + salt);
        for (int i = 0; i < 8; i++) {
            id[i] = (byte) (high >>> (56 - 8 * i));
            id[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return id;
    }

    private static byte[] spanId(long trace, int index) {
        long v = mix(trace * 16 + index + 1) | 1L;
        byte[] id = new byte[8];
        for (int i = 0; i < 8; i++) {
            id[i] = (byte) (v >>> (56 - 8 * i));
        }
        return id;
    }

    /** SplitMix64's finaliser: well spread ids from a counter. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Trace {@code n} as one OTLP export request (one resource per service), as the OTel Collector's Kafka exporter
     * writes it with traces partitioned by id. Its root ends at {@code endMicros}.
     *
     * @param withRoot false leaves the root span out, so the trace stays open until trace.max.wait.ms
     */
    public static ExportTraceServiceRequest otlp(long n, long salt, long endMicros, boolean withRoot) {
        byte[] traceId = traceId(n, salt);
        long startMicros = endMicros - DURATION_US[0];
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (int i = withRoot ? 0 : 1; i < SPANS_PER_TRACE; i++) {
            Span.Builder span = Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(traceId))
                    .setSpanId(ByteString.copyFrom(spanId(n, i)))
                    .setName(operation(n, i))
                    .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano((startMicros + START_US[i]) * 1000)
                    .setEndTimeUnixNano((startMicros + START_US[i] + DURATION_US[i]) * 1000)
                    .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_UNSET));
            if (PARENT[i] >= 0) {
                span.setParentSpanId(ByteString.copyFrom(spanId(n, PARENT[i])));
            }
            if (i == 0) {
                span.addAttributes(string("http.request.method", method(n)))
                        .addAttributes(string("http.route", FLOWS.get(flow(n)).substring(FLOWS.get(flow(n)).indexOf('/'))))
                        .addAttributes(integer("http.response.status_code", 200))
                        .addAttributes(string("url.scheme", "http"));
            } else {
                span.addAttributes(string("rpc.system", "grpc"))
                        .addAttributes(string("rpc.service", OPERATIONS[i].substring(1, OPERATIONS[i].lastIndexOf('/'))))
                        .addAttributes(string("rpc.method", OPERATIONS[i].substring(OPERATIONS[i].lastIndexOf('/') + 1)))
                        .addAttributes(integer("rpc.grpc.status_code", 0));
            }
            request.addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(resource(SERVICES.get(i), n))
                    .addScopeSpans(ScopeSpans.newBuilder()
                            .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.grpc-1.6")
                                    .setVersion("2.10.0-alpha"))
                            .addSpans(span)));
        }
        return request.build();
    }

    /** Trace {@code n} as Jaeger api_v2 spans, one per record, each with its own process (jaeger-collector's form). */
    public static List<JaegerModel.Span> jaeger(long n, long salt, long endMicros) {
        byte[] traceId = traceId(n, salt);
        long startMicros = endMicros - DURATION_US[0];
        List<JaegerModel.Span> spans = new ArrayList<>(SPANS_PER_TRACE);
        for (int i = 0; i < SPANS_PER_TRACE; i++) {
            long start = startMicros + START_US[i];
            JaegerModel.Span.Builder span = JaegerModel.Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(traceId))
                    .setSpanId(ByteString.copyFrom(spanId(n, i)))
                    .setOperationName(operation(n, i))
                    .setStartTime(Timestamp.newBuilder().setSeconds(start / 1_000_000).setNanos((int) (start % 1_000_000) * 1000))
                    .setDuration(Duration.newBuilder().setNanos((int) DURATION_US[i] * 1000))
                    .addTags(jaegerTag("span.kind", "server"))
                    .addTags(jaegerTag("internal.span.format", "proto"))
                    .setProcess(JaegerModel.Process.newBuilder().setServiceName(SERVICES.get(i))
                            .addTags(jaegerTag("hostname", pod(SERVICES.get(i), n)))
                            .addTags(jaegerTag("ip", "10.0.0." + (1 + i)))
                            .addTags(jaegerTag("jaeger.version", "Go-2.30.0")));
            if (i == 0) {
                span.addTags(jaegerTag("http.method", method(n)))
                        .addTags(JaegerModel.KeyValue.newBuilder().setKey("http.status_code")
                                .setVType(JaegerModel.ValueType.INT64).setVInt64(200));
            } else {
                span.addTags(jaegerTag("component", "gRPC"));
            }
            if (PARENT[i] >= 0) {
                span.addReferences(JaegerModel.SpanRef.newBuilder().setTraceId(ByteString.copyFrom(traceId))
                        .setSpanId(ByteString.copyFrom(spanId(n, PARENT[i]))).setRefType(JaegerModel.SpanRefType.CHILD_OF));
            }
            spans.add(span.build());
        }
        return spans;
    }

    /** OTLP/JSON of a request: protobuf's JSON mapping with hex ids, as the Collector's otlp_json encoding. */
    public static byte[] otlpJson(ExportTraceServiceRequest request) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(JsonFormat.printer().omittingInsignificantWhitespace().print(request));
            for (JsonNode resource : tree.path("resourceSpans")) {
                for (JsonNode scope : resource.path("scopeSpans")) {
                    for (JsonNode span : scope.path("spans")) {
                        for (String field : List.of("traceId", "spanId", "parentSpanId")) {
                            if (span.hasNonNull(field)) {
                                ((ObjectNode) span).put(field,
                                        HEX.formatHex(Base64.getDecoder().decode(span.get(field).asText())));
                            }
                        }
                    }
                }
            }
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException("printing OTLP/JSON failed", e);
        }
    }

    /** Jaeger's protobuf JSON (base64 ids), as jaeger-collector's Kafka json encoding. */
    public static byte[] jaegerJson(JaegerModel.Span span) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(span).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("printing Jaeger JSON failed", e);
        }
    }

    public static String flowOf(long n) {
        return FLOWS.get(flow(n));
    }

    private static int flow(long n) {
        return (int) Math.floorMod(n, FLOWS.size());
    }

    private static String operation(long n, int index) {
        return index == 0 ? FLOWS.get(flow(n)) : OPERATIONS[index];
    }

    private static String method(long n) {
        return FLOWS.get(flow(n)).split(" ")[1];
    }

    private static String pod(String service, long n) {
        return service + "-7d9f8b6c5-" + (char) ('a' + Math.floorMod(n, 3)) + "x2kq";
    }

    private static Resource resource(String service, long n) {
        return Resource.newBuilder()
                .addAttributes(string("service.name", service))
                .addAttributes(string("service.namespace", "hotel"))
                .addAttributes(string("host.name", pod(service, n)))
                .addAttributes(string("k8s.pod.name", pod(service, n)))
                .addAttributes(string("k8s.namespace.name", "hotel"))
                .addAttributes(string("telemetry.sdk.language", "go"))
                .addAttributes(string("telemetry.sdk.name", "opentelemetry"))
                .addAttributes(string("telemetry.sdk.version", "1.32.0"))
                .build();
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    private static JaegerModel.KeyValue jaegerTag(String key, String value) {
        return JaegerModel.KeyValue.newBuilder().setKey(key).setVType(JaegerModel.ValueType.STRING).setVStr(value).build();
    }
}
