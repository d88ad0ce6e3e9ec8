package io.queueflower.streams.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.queueflower.avro.Span;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * OTLP/JSON {@code ExportTraceServiceRequest}, as the OTel Collector's Kafka exporter writes with {@code otlp_json}.
 *
 * <p>OTLP/JSON is the protobuf JSON mapping with one deviation that matters here: trace and span ids are hex, not
 * base64. The decoder therefore rewrites the id fields of the Jackson tree from hex to base64 and hands the tree to
 * protobuf's JsonFormat, which takes care of the rest of the mapping (64-bit integers as strings or numbers, enums as
 * integers or names, lowerCamelCase or snake_case keys — the spec mandates lowerCamelCase and integer enums, but the
 * Collector's own reader accepts both spellings, and so does this one). Unknown fields are ignored, as the spec
 * requires of receivers.
 */
final class OtlpJsonDecoder implements SpanDecoder {
    static final OtlpJsonDecoder INSTANCE = new OtlpJsonDecoder();

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private OtlpJsonDecoder() {
    }

    @Override
    public SpanFormat format() {
        return SpanFormat.OTLP_JSON;
    }

    @Override
    public List<Span> decode(byte[] record) {
        JsonNode tree = JsonRecords.parse(record, format());
        return tree == null ? List.of() : decodeTree(tree);
    }

    /** Decodes an already parsed record; the tree's id fields are rewritten in place. */
    List<Span> decodeTree(JsonNode tree) {
        if (!tree.isObject()) {
            throw new SpanDecodeException(format(), "(root)",
                    "expected an object with resourceSpans, got " + JsonRecords.describe(tree));
        }
        if (JsonRecords.field(tree, "resourceSpans", "resource_spans") == null && tree.size() > 0) {
            // Unknown keys are to be ignored, but a request with nothing else is another format, not an empty export.
            throw new SpanDecodeException(format(), "(root)", "no resourceSpans, only " + fieldNames(tree)
                    + "; is this another span format? try --format auto");
        }
        rewriteIds((ObjectNode) tree);
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        try {
            PARSER.merge(tree.toString(), request);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new SpanDecodeException(format(), null,
                    "not an OTLP/JSON ExportTraceServiceRequest: " + e.getMessage(), e);
        }
        return OtlpSpanMapper.toCanonical(request.build(), format());
    }

    private static List<String> fieldNames(JsonNode tree) {
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        return names.size() > 10 ? names.subList(0, 10) : names;
    }

    private void rewriteIds(ObjectNode request) {
        JsonNode resourceSpans = array(request, "resourceSpans", "resourceSpans", "resource_spans");
        for (int r = 0; r < resourceSpans.size(); r++) {
            String resourcePath = "resourceSpans[" + r + "]";
            JsonNode resource = object(resourceSpans.get(r), resourcePath);
            JsonNode scopeSpans = array(resource, resourcePath + ".scopeSpans", "scopeSpans", "scope_spans");
            for (int s = 0; s < scopeSpans.size(); s++) {
                String scopePath = resourcePath + ".scopeSpans[" + s + "]";
                JsonNode scope = object(scopeSpans.get(s), scopePath);
                JsonNode spans = array(scope, scopePath + ".spans", "spans");
                for (int i = 0; i < spans.size(); i++) {
                    String spanPath = scopePath + ".spans[" + i + "]";
                    JsonNode span = object(spans.get(i), spanPath);
                    hexToBase64(span, spanPath, "traceId", "trace_id");
                    hexToBase64(span, spanPath, "spanId", "span_id");
                    hexToBase64(span, spanPath, "parentSpanId", "parent_span_id");
                    JsonNode links = array(span, spanPath + ".links", "links");
                    for (int l = 0; l < links.size(); l++) {
                        String linkPath = spanPath + ".links[" + l + "]";
                        JsonNode link = object(links.get(l), linkPath);
                        hexToBase64(link, linkPath, "traceId", "trace_id");
                        hexToBase64(link, linkPath, "spanId", "span_id");
                    }
                }
            }
        }
    }

    private void hexToBase64(JsonNode holder, String path, String... names) {
        for (String name : names) {
            JsonNode id = holder.get(name);
            if (id == null || id.isNull()) {
                continue;
            }
            if (!id.isTextual()) {
                throw new SpanDecodeException(format(), path + "." + name,
                        "expected a hex string, got " + JsonRecords.describe(id));
            }
            byte[] bytes = SpanIds.bytesFromHex(id.textValue(), format(), path + "." + name);
            ((ObjectNode) holder).put(name, Base64.getEncoder().encodeToString(bytes));
        }
    }

    private JsonNode array(JsonNode holder, String path, String... names) {
        JsonNode value = JsonRecords.field(holder, names);
        if (value == null) {
            return JsonRecords.MAPPER.createArrayNode();
        }
        if (!value.isArray()) {
            throw new SpanDecodeException(format(), path, "expected an array, got " + JsonRecords.describe(value));
        }
        return value;
    }

    private JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new SpanDecodeException(format(), path, "expected an object, got " + JsonRecords.describe(node));
        }
        return node;
    }
}
