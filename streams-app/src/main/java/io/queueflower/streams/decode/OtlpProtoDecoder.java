package io.queueflower.streams.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.queueflower.avro.Span;
import java.util.List;

/** OTLP {@code ExportTraceServiceRequest} protobuf, as the OTel Collector's Kafka exporter writes by default. */
final class OtlpProtoDecoder implements SpanDecoder {
    static final OtlpProtoDecoder INSTANCE = new OtlpProtoDecoder();

    private OtlpProtoDecoder() {
    }

    @Override
    public SpanFormat format() {
        return SpanFormat.OTLP_PROTO;
    }

    @Override
    public List<Span> decode(byte[] record) {
        if (record.length == 0) {
            return List.of();
        }
        try {
            return OtlpWireReader.read(record, format());
        } catch (OtlpWireReader.NotHandled notHandled) {
            // Invalid, or valid in a way the fast path does not mirror: the reference decoding below gives the
            // same spans or the precise error.
        }
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            throw new SpanDecodeException(format(), null,
                    "not an OTLP ExportTraceServiceRequest protobuf: " + e.getMessage(), e);
        }
        // The request has a single field (1, resource_spans). Protobuf keeps any other field as "unknown" and would
        // happily return zero spans for, say, a Jaeger span; reject that instead of silently losing the record.
        if (!request.getUnknownFields().asMap().isEmpty()) {
            int field = request.getUnknownFields().asMap().keySet().iterator().next();
            throw new SpanDecodeException(format(), "field " + field,
                    "not an OTLP ExportTraceServiceRequest (it has only field 1, resource_spans); "
                            + "is this a Jaeger span? try --format jaeger-proto or auto");
        }
        return OtlpSpanMapper.toCanonical(request, format());
    }
}
