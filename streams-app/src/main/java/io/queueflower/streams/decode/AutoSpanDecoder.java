package io.queueflower.streams.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.queueflower.avro.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Detects the format of every record and delegates to that format's decoder. The rules:
 *
 * <ol>
 *   <li>Zero bytes or only whitespace: no spans.</li>
 *   <li>JSON when the first byte is '{' or '[' (or a UTF-8 byte-order mark): no protobuf record of either format can
 *       start with those bytes (they would be wire types 3 or 7 of fields that neither message has). In a JSON
 *       object, a top-level key {@code data} means jaeger-ui; {@code resourceSpans} (or {@code resource_spans})
 *       means otlp-json; {@code traceId}, {@code spanId} or {@code operationName} (or their snake_case forms) mean
 *       jaeger-json. Any other JSON is an error.</li>
 *   <li>Protobuf otherwise, told apart by its top-level fields. An OTLP {@code ExportTraceServiceRequest} has only
 *       field 1 (repeated resource_spans). A Jaeger {@code Span} also starts with field 1 (trace_id), but always has
 *       more: span_id (2) is never omitted, because Jaeger writes ids as fixed-size bytes even when zero, and a real
 *       span also carries start_time (6) and process (10). So: every top-level field is 1 and length-delimited →
 *       otlp-proto; any other field number present → jaeger-proto; not a well-formed protobuf message → error.</li>
 *   <li>One ambiguity is left: '\n' (0x0A) is both JSON whitespace and the first byte of every protobuf record
 *       here (field 1, length-delimited). A record that starts with whitespace and then '{' is therefore decoded as
 *       protobuf if that succeeds completely (valid ids, service, times) and as JSON otherwise; the chance that
 *       JSON text also decodes into valid spans is nil, while an OTLP request whose first resource_spans is 123
 *       bytes long really starts with "\n{".</li>
 * </ol>
 */
final class AutoSpanDecoder implements SpanDecoder {
    static final AutoSpanDecoder INSTANCE = new AutoSpanDecoder();

    private AutoSpanDecoder() {
    }

    @Override
    public SpanFormat format() {
        return SpanFormat.AUTO;
    }

    @Override
    public List<Span> decode(byte[] record) {
        int first = firstNonWhitespace(record);
        if (first < 0) {
            return List.of();
        }
        if (first == 0 && (record[0] == '{' || record[0] == '[' || startsWithByteOrderMark(record))) {
            return decodeJson(record);
        }
        if (record[first] != '{') {
            return detectProtobuf(record).decoder().decode(record);
        }
        try {
            return detectProtobuf(record).decoder().decode(record);
        } catch (SpanDecodeException notProtobuf) {
            try {
                return decodeJson(record);
            } catch (SpanDecodeException notJson) {
                notJson.addSuppressed(notProtobuf);
                throw new SpanDecodeException(format(), null, "starts like JSON but is neither JSON nor protobuf; as "
                        + "JSON: " + detail(notJson) + "; as protobuf: " + detail(notProtobuf), notJson);
            }
        }
    }

    /** The protobuf format of a record by the rule in the class comment. */
    SpanFormat detectProtobuf(byte[] record) {
        CodedInputStream input = CodedInputStream.newInstance(record);
        boolean onlyResourceSpans = true;
        try {
            while (!input.isAtEnd()) {
                int offset = input.getTotalBytesRead();
                int tag = input.readTag();
                int field = WireFormat.getTagFieldNumber(tag);
                int wireType = WireFormat.getTagWireType(tag);
                if (field == 1 && wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    throw new SpanDecodeException(format(), "byte offset " + offset,
                            "not JSON and not a span protobuf: field 1 has wire type " + wireType
                                    + ", but both OTLP and Jaeger use a length-delimited field 1");
                }
                if (field != 1) {
                    onlyResourceSpans = false;
                }
                if (!input.skipField(tag)) {
                    throw new SpanDecodeException(format(), "byte offset " + offset,
                            "not JSON and not a span protobuf: a group ends that never started");
                }
            }
        } catch (IOException e) {
            throw new SpanDecodeException(format(), "byte offset " + input.getTotalBytesRead(),
                    "neither JSON (first byte 0x" + String.format("%02x", record[0] & 0xff)
                            + ") nor a well-formed protobuf message: " + e.getMessage(), e);
        }
        return onlyResourceSpans ? SpanFormat.OTLP_PROTO : SpanFormat.JAEGER_PROTO;
    }

    private List<Span> decodeJson(byte[] record) {
        JsonNode tree = JsonRecords.parse(record, format());
        if (tree == null) {
            return List.of();
        }
        if (!tree.isObject()) {
            throw new SpanDecodeException(format(), "(root)", JsonRecords.describe(tree) + " is none of the span "
                    + "formats; they are objects: {\"data\":...}, {\"resourceSpans\":...} or a Jaeger span");
        }
        if (tree.has("data")) {
            return JaegerUiDecoder.INSTANCE.decodeTree(tree);
        }
        if (tree.has("resourceSpans") || tree.has("resource_spans")) {
            return OtlpJsonDecoder.INSTANCE.decodeTree(tree);
        }
        for (String key : new String[] {"traceId", "trace_id", "spanId", "span_id", "operationName", "operation_name"}) {
            if (tree.has(key)) {
                return JaegerJsonDecoder.INSTANCE.decode(record);
            }
        }
        throw new SpanDecodeException(format(), "(root)", "a JSON object with none of the keys that identify a format: "
                + "data (jaeger-ui), resourceSpans (otlp-json), traceId/spanId/operationName (jaeger-json); found "
                + keys(tree));
    }

    private static List<String> keys(JsonNode tree) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> names = tree.fieldNames(); names.hasNext() && keys.size() < 10; ) {
            keys.add(names.next());
        }
        return keys;
    }

    private static String detail(SpanDecodeException e) {
        return e.format().cliName() + (e.where() == null ? "" : " at " + e.where()) + ": " + e.problem();
    }

    static int firstNonWhitespace(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (!isJsonWhitespace(bytes[i])) {
                return i;
            }
        }
        return -1;
    }

    static boolean startsWithByteOrderMark(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF;
    }

    static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
