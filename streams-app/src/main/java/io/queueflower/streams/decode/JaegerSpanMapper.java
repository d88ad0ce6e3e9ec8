package io.queueflower.streams.decode;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.queueflower.avro.Span;
import io.queueflower.jaeger.api_v2.JaegerModel;
import io.queueflower.jaeger.api_v2.JaegerModel.SpanRefType;

/** Maps a Jaeger api_v2 span (from protobuf or its JSON form) onto the canonical span. */
final class JaegerSpanMapper {
    private JaegerSpanMapper() {
    }

    static Span toCanonical(JaegerModel.Span span, SpanFormat format) {
        String traceId = SpanIds.traceId(span.getTraceId().toByteArray(), true, format, "traceId");
        String spanId = SpanIds.spanId(span.getSpanId().toByteArray(), format, "spanId");
        String parentSpanId = parent(span, traceId, format);

        // jaeger-collector copies the batch's process into every span before writing it to Kafka,
        // so a span without one is not something a collector produced.
        if (!span.hasProcess() || span.getProcess().getServiceName().isEmpty()) {
            throw new SpanDecodeException(format, "process.serviceName",
                    "missing; every Jaeger span on Kafka carries its own process with a service name");
        }
        ProcessTags processTags = new ProcessTags();
        for (JaegerModel.KeyValue tag : span.getProcess().getTagsList()) {
            processTags.put(tag.getKey(), value(tag));
        }
        SpanTags spanTags = new SpanTags();
        for (JaegerModel.KeyValue tag : span.getTagsList()) {
            spanTags.put(tag.getKey(), value(tag));
        }
        if (!span.hasStartTime()) {
            throw new SpanDecodeException(format, "startTime", "missing");
        }
        long startMicros = micros(span.getStartTime(), format);
        long durationMicros = span.hasDuration() ? micros(span.getDuration(), format) : 0L;

        return new Span(traceId, spanId, parentSpanId, span.getProcess().getServiceName(), span.getOperationName(),
                spanTags.jaegerKind(), startMicros, durationMicros, processTags.host(), spanTags.statusCode(),
                spanTags.jaegerError());
    }

    /**
     * First CHILD_OF, else first FOLLOWS_FROM reference. References into another trace are skipped: such a span
     * cannot be a parent in the tree of this trace.
     */
    private static String parent(JaegerModel.Span span, String traceId, SpanFormat format) {
        String followsFrom = null;
        for (int i = 0; i < span.getReferencesCount(); i++) {
            JaegerModel.SpanRef ref = span.getReferences(i);
            String where = "references[" + i + "]";
            String refTraceId = SpanIds.traceId(ref.getTraceId().toByteArray(), true, format, where + ".traceId");
            if (!refTraceId.equals(traceId)) {
                continue;
            }
            String refSpanId = SpanIds.parentSpanId(ref.getSpanId().toByteArray(), format, where + ".spanId");
            if (refSpanId == null) {
                continue;
            }
            if (ref.getRefType() == SpanRefType.CHILD_OF) {
                return refSpanId;
            }
            if (ref.getRefType() == SpanRefType.FOLLOWS_FROM && followsFrom == null) {
                followsFrom = refSpanId;
            }
        }
        return followsFrom;
    }

    private static Object value(JaegerModel.KeyValue tag) {
        return switch (tag.getVType()) {
            case BOOL -> tag.getVBool();
            case INT64 -> tag.getVInt64();
            case FLOAT64 -> tag.getVFloat64();
            case BINARY -> tag.getVBinary().toByteArray();
            default -> tag.getVStr();
        };
    }

    private static long micros(Timestamp time, SpanFormat format) {
        try {
            return Math.addExact(Math.multiplyExact(time.getSeconds(), 1_000_000L), time.getNanos() / 1_000);
        } catch (ArithmeticException overflow) {
            throw new SpanDecodeException(format, "startTime", "out of range: " + time.getSeconds() + " s");
        }
    }

    private static long micros(Duration duration, SpanFormat format) {
        if (duration.getSeconds() < 0 || duration.getNanos() < 0) {
            throw new SpanDecodeException(format, "duration",
                    "negative: " + duration.getSeconds() + " s " + duration.getNanos() + " ns");
        }
        try {
            return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNanos() / 1_000);
        } catch (ArithmeticException overflow) {
            throw new SpanDecodeException(format, "duration", "out of range: " + duration.getSeconds() + " s");
        }
    }
}
