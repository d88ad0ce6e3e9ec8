package io.queueflower.streams.decode;

import io.queueflower.avro.SpanKind;
import java.util.Locale;

/**
 * The span-level tags (Jaeger) or attributes (OTel) that canonical fields are derived from, picked out while walking
 * a span's tag list. Values are String, Boolean, Long, Double or byte[] as the producer typed them; the first
 * occurrence of a key wins, as in Jaeger's own tag lookups.
 */
final class SpanTags {
    static final String SPAN_KIND = "span.kind";
    static final String HTTP_STATUS_CODE = "http.status_code";
    static final String HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";
    static final String GRPC_STATUS_CODE = "rpc.grpc.status_code";
    static final String ERROR = "error";

    private Object spanKind;
    private Object httpStatusCode;
    private Object httpResponseStatusCode;
    private Object grpcStatusCode;
    private Object error;

    void put(String key, Object value) {
        switch (key) {
            case SPAN_KIND -> spanKind = spanKind == null ? value : spanKind;
            case HTTP_STATUS_CODE -> httpStatusCode = httpStatusCode == null ? value : httpStatusCode;
            case HTTP_RESPONSE_STATUS_CODE ->
                    httpResponseStatusCode = httpResponseStatusCode == null ? value : httpResponseStatusCode;
            case GRPC_STATUS_CODE -> grpcStatusCode = grpcStatusCode == null ? value : grpcStatusCode;
            case ERROR -> error = error == null ? value : error;
            default -> {
                // not a tag any canonical field is derived from
            }
        }
    }

    /** Jaeger's span.kind tag (server/client/producer/consumer/internal, any case); UNSPECIFIED when absent or odd. */
    SpanKind jaegerKind() {
        if (!(spanKind instanceof String kind)) {
            return SpanKind.UNSPECIFIED;
        }
        return switch (kind.trim().toLowerCase(Locale.ROOT)) {
            case "server" -> SpanKind.SERVER;
            case "client" -> SpanKind.CLIENT;
            case "producer" -> SpanKind.PRODUCER;
            case "consumer" -> SpanKind.CONSUMER;
            case "internal" -> SpanKind.INTERNAL;
            default -> SpanKind.UNSPECIFIED;
        };
    }

    /**
     * The HTTP status (old then new semantic-convention key), else the gRPC status code. A value that is not an
     * integer (e.g. "OK") is ignored rather than failing the span: the status is an optional annotation and one odd
     * instrumentation must not drop a whole trace.
     */
    Integer statusCode() {
        for (Object candidate : new Object[] {httpStatusCode, httpResponseStatusCode, grpcStatusCode}) {
            Integer code = asInt(candidate);
            if (code != null) {
                return code;
            }
        }
        return null;
    }

    /** Jaeger/OpenTracing's error tag: boolean true or the string "true". */
    boolean jaegerError() {
        if (error instanceof Boolean flag) {
            return flag;
        }
        return error instanceof String text && text.trim().equalsIgnoreCase("true");
    }

    private static Integer asInt(Object value) {
        if (value instanceof Long number) {
            return number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE ? (int) number.longValue() : null;
        }
        if (value instanceof Double number) {
            double d = number;
            return d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE ? (int) d : null;
        }
        if (value instanceof String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException notAnInteger) {
                return null;
            }
        }
        return null;
    }
}
