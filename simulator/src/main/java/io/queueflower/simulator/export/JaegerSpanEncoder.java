package io.queueflower.simulator.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.queueflower.avro.Span;
import io.queueflower.jaeger.api_v2.JaegerModel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Writes spans as jaeger-collector writes them to Kafka: one Jaeger api_v2 {@code Span} per record, with its
 * process (service name and {@code hostname} / {@code k8s.pod.name} tags) copied in, the OpenTracing tags
 * {@code span.kind}, {@code component} and {@code error}, and the HTTP/gRPC attributes of {@link SpanAttributes};
 * protobuf ({@code protobuf} encoding) or its protobuf JSON mapping ({@code json} encoding).
 */
public final class JaegerSpanEncoder {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final HexFormat HEX = HexFormat.of();

    private final String namespace;

    public JaegerSpanEncoder(String namespace) {
        this.namespace = namespace;
    }

    public JaegerModel.Span toJaeger(Span span) {
        ByteString traceId = ByteString.copyFrom(HEX.parseHex(span.getTraceId()));
        JaegerModel.Span.Builder builder = JaegerModel.Span.newBuilder()
                .setTraceId(traceId)
                .setSpanId(ByteString.copyFrom(HEX.parseHex(span.getSpanId())))
                .setOperationName(span.getOperation())
                .setFlags(1) // sampled
                .setStartTime(Timestamp.newBuilder().setSeconds(Math.floorDiv(span.getStartMicros(), 1_000_000L))
                        .setNanos((int) Math.floorMod(span.getStartMicros(), 1_000_000L) * 1_000))
                .setDuration(Duration.newBuilder().setSeconds(span.getDurationMicros() / 1_000_000L)
                        .setNanos((int) (span.getDurationMicros() % 1_000_000L) * 1_000));
        if (span.getParentSpanId() != null) {
            builder.addReferences(JaegerModel.SpanRef.newBuilder().setTraceId(traceId)
                    .setSpanId(ByteString.copyFrom(HEX.parseHex(span.getParentSpanId())))
                    .setRefType(JaegerModel.SpanRefType.CHILD_OF));
        }
        builder.addTags(string("span.kind", span.getKind().name().toLowerCase(Locale.ROOT)));
        builder.addTags(string("component", SpanAttributes.isHttp(span) ? "net/http" : "gRPC"));
        for (Map.Entry<String, Object> attribute : SpanAttributes.of(span).entrySet()) {
            builder.addTags(attribute.getValue() instanceof Long number
                    ? JaegerModel.KeyValue.newBuilder().setKey(attribute.getKey())
                            .setVType(JaegerModel.ValueType.INT64).setVInt64(number).build()
                    : string(attribute.getKey(), attribute.getValue().toString()));
        }
        if (span.getError()) {
            builder.addTags(JaegerModel.KeyValue.newBuilder().setKey("error").setVType(JaegerModel.ValueType.BOOL)
                    .setVBool(true));
        }
        JaegerModel.Process.Builder process = JaegerModel.Process.newBuilder().setServiceName(span.getService());
        if (span.getHost() != null) {
            process.addTags(string("hostname", span.getHost())).addTags(string("k8s.pod.name", span.getHost()));
        }
        process.addTags(string("k8s.namespace.name", namespace));
        return builder.setProcess(process).build();
    }

    public byte[] proto(Span span) {
        return toJaeger(span).toByteArray();
    }

    public byte[] json(Span span) {
        try {
            return PRINTER.print(toJaeger(span)).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("Jaeger span cannot be printed as JSON", e); // only for Any fields
        }
    }

    private static JaegerModel.KeyValue string(String key, String value) {
        return JaegerModel.KeyValue.newBuilder().setKey(key).setVType(JaegerModel.ValueType.STRING).setVStr(value)
                .build();
    }
}
