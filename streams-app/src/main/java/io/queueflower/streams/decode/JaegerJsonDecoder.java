package io.queueflower.streams.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.queueflower.avro.Span;
import io.queueflower.jaeger.api_v2.JaegerModel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Jaeger api_v2 {@code Span} in the protobuf JSON mapping (jaeger-collector's Kafka {@code json} encoding): base64
 * ids, RFC 3339 start time, "0.001s" durations, tags with {@code vType}. Parsed by protobuf's own JsonFormat against
 * the Jaeger schema, so every detail of the mapping (int64 as strings, omitted defaults, snake_case or lowerCamelCase
 * keys) is handled as Jaeger's marshaller intends.
 */
final class JaegerJsonDecoder implements SpanDecoder {
    static final JaegerJsonDecoder INSTANCE = new JaegerJsonDecoder();

    // Unknown fields are skipped so spans from newer Jaeger versions still decode.
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private JaegerJsonDecoder() {
    }

    @Override
    public SpanFormat format() {
        return SpanFormat.JAEGER_JSON;
    }

    @Override
    public List<Span> decode(byte[] record) {
        String json = new String(record, StandardCharsets.UTF_8);
        if (json.isBlank()) {
            return List.of();
        }
        JaegerModel.Span.Builder span = JaegerModel.Span.newBuilder();
        try {
            PARSER.merge(json, span);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // JsonFormat reports malformed JSON as unchecked Gson exceptions, wrong shapes as InvalidProtocolBuffer.
            throw new SpanDecodeException(format(), null, "not a Jaeger api_v2 Span in protobuf JSON: " + e.getMessage(), e);
        }
        return List.of(JaegerSpanMapper.toCanonical(span.build(), format()));
    }
}
