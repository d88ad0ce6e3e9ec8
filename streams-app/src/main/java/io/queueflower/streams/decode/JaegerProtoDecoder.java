package io.queueflower.streams.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import io.queueflower.avro.Span;
import io.queueflower.jaeger.api_v2.JaegerModel;
import java.util.List;

/** Jaeger api_v2 {@code Span} protobuf, one span per record, as jaeger-collector writes to Kafka by default. */
final class JaegerProtoDecoder implements SpanDecoder {
    static final JaegerProtoDecoder INSTANCE = new JaegerProtoDecoder();

    private JaegerProtoDecoder() {
    }

    @Override
    public SpanFormat format() {
        return SpanFormat.JAEGER_PROTO;
    }

    @Override
    public List<Span> decode(byte[] record) {
        if (record.length == 0) {
            return List.of();
        }
        JaegerModel.Span span;
        try {
            span = JaegerModel.Span.parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            throw new SpanDecodeException(format(), null, "not a Jaeger api_v2 Span protobuf: " + e.getMessage(), e);
        }
        return List.of(JaegerSpanMapper.toCanonical(span, format()));
    }
}
