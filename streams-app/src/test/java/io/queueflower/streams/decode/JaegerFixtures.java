package io.queueflower.streams.decode;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.queueflower.jaeger.api_v2.JaegerModel;
import io.queueflower.jaeger.api_v2.JaegerModel.KeyValue;
import io.queueflower.jaeger.api_v2.JaegerModel.SpanRefType;
import io.queueflower.jaeger.api_v2.JaegerModel.ValueType;
import java.util.HexFormat;
import java.util.List;

/**
 * Jaeger api_v2 spans built with the generated Jaeger classes, shaped like what jaeger-collector writes to Kafka:
 * 16-byte trace ids, a process on every span, the parent as a CHILD_OF reference.
 */
final class JaegerFixtures {
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final long T0 = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z in µs

    static final String ROOT = "a000000000000001";
    static final String FRONTEND_CLIENT = "a000000000000002";
    static final String SEARCH_SERVER = "a000000000000003";
    static final String SEARCH_CLIENT = "a000000000000004";
    static final String GEO_SERVER = "a000000000000005";

    private JaegerFixtures() {
    }

    static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    static KeyValue tag(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setVType(ValueType.STRING).setVStr(value).build();
    }

    static KeyValue tag(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setVType(ValueType.INT64).setVInt64(value).build();
    }

    static KeyValue tag(String key, boolean value) {
        return KeyValue.newBuilder().setKey(key).setVType(ValueType.BOOL).setVBool(value).build();
    }

    static JaegerModel.Process process(String service, KeyValue... tags) {
        return JaegerModel.Process.newBuilder().setServiceName(service).addAllTags(List.of(tags)).build();
    }

    static JaegerModel.SpanRef ref(SpanRefType type, String traceId, String spanId) {
        return JaegerModel.SpanRef.newBuilder().setRefType(type).setTraceId(id(traceId)).setSpanId(id(spanId)).build();
    }

    static Timestamp micros(long epochMicros) {
        return Timestamp.newBuilder().setSeconds(epochMicros / 1_000_000).setNanos((int) (epochMicros % 1_000_000) * 1_000).build();
    }

    static Duration durationMicros(long micros) {
        return Duration.newBuilder().setSeconds(micros / 1_000_000).setNanos((int) (micros % 1_000_000) * 1_000).build();
    }

    /** A span with the given identity and timing and no tags or references yet. */
    static JaegerModel.Span.Builder span(String traceId, String spanId, String operation, JaegerModel.Process process,
                                         long startMicros, long durationMicros) {
        return JaegerModel.Span.newBuilder()
                .setTraceId(id(traceId))
                .setSpanId(id(spanId))
                .setOperationName(operation)
                .setFlags(1)
                .setStartTime(micros(startMicros))
                .setDuration(durationMicros(durationMicros))
                .setProcess(process);
    }

    /**
     * GET /hotels through frontend → search → geo, one span per Kafka record as jaeger-collector writes them:
     * frontend's hostname process tag, search's host.name only and geo's k8s.pod.name and host.name exercise the
     * host rule; geo fails with error=true; status codes come as int64 and as string.
     */
    static List<JaegerModel.Span> hotelTrace(String traceId) {
        JaegerModel.Process frontend = process("frontend", tag("hostname", "frontend-7d9c6b8f5-x2k4p"),
                tag("ip", "10.244.1.17"), tag("jaeger.version", "Go-2.30.0"));
        JaegerModel.Process search = process("search", tag("host.name", "node-a"));
        JaegerModel.Process geo = process("geo", tag("host.name", "node-b"), tag("k8s.pod.name", "geo-5b8f7-qq7lm"));
        return List.of(
                span(traceId, ROOT, "HTTP GET /hotels", frontend, T0, 4_800)
                        .addTags(tag("span.kind", "server")).addTags(tag("http.method", "GET"))
                        .addTags(tag("http.status_code", 200L)).build(),
                span(traceId, FRONTEND_CLIENT, "/search.Search/Nearby", frontend, T0 + 200, 4_100)
                        .addReferences(ref(SpanRefType.CHILD_OF, traceId, ROOT))
                        .addTags(tag("span.kind", "client")).build(),
                span(traceId, SEARCH_SERVER, "/search.Search/Nearby", search, T0 + 350, 3_800)
                        .addReferences(ref(SpanRefType.CHILD_OF, traceId, FRONTEND_CLIENT))
                        .addTags(tag("span.kind", "server")).addTags(tag("rpc.grpc.status_code", "0")).build(),
                span(traceId, SEARCH_CLIENT, "/geo.Geo/Nearby", search, T0 + 500, 1_900)
                        .addReferences(ref(SpanRefType.CHILD_OF, traceId, SEARCH_SERVER))
                        .addTags(tag("span.kind", "client")).build(),
                span(traceId, GEO_SERVER, "/geo.Geo/Nearby", geo, T0 + 650, 1_500)
                        .addReferences(ref(SpanRefType.CHILD_OF, traceId, SEARCH_CLIENT))
                        .addTags(tag("span.kind", "server")).addTags(tag("error", true))
                        .addTags(tag("rpc.grpc.status_code", 13L)).build());
    }

    /** What {@link #hotelTrace} must decode to. */
    static List<io.queueflower.avro.Span> hotelTraceCanonical(String traceId) {
        return List.of(
                Canonical.span(traceId, ROOT, null, "frontend", "HTTP GET /hotels", io.queueflower.avro.SpanKind.SERVER,
                        T0, 4_800, "frontend-7d9c6b8f5-x2k4p", 200, false),
                Canonical.span(traceId, FRONTEND_CLIENT, ROOT, "frontend", "/search.Search/Nearby",
                        io.queueflower.avro.SpanKind.CLIENT, T0 + 200, 4_100, "frontend-7d9c6b8f5-x2k4p", null, false),
                Canonical.span(traceId, SEARCH_SERVER, FRONTEND_CLIENT, "search", "/search.Search/Nearby",
                        io.queueflower.avro.SpanKind.SERVER, T0 + 350, 3_800, "node-a", 0, false),
                Canonical.span(traceId, SEARCH_CLIENT, SEARCH_SERVER, "search", "/geo.Geo/Nearby",
                        io.queueflower.avro.SpanKind.CLIENT, T0 + 500, 1_900, "node-a", null, false),
                Canonical.span(traceId, GEO_SERVER, SEARCH_CLIENT, "geo", "/geo.Geo/Nearby",
                        io.queueflower.avro.SpanKind.SERVER, T0 + 650, 1_500, "geo-5b8f7-qq7lm", 13, true));
    }
}
