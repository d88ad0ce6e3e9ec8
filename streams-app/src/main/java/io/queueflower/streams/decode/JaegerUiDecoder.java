package io.queueflower.streams.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.queueflower.avro.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Jaeger query API / UI trace export, {@code {"data":[{"traceID", "spans":[...], "processes":{...}}]}}: hex ids,
 * microsecond times, typed tags, and processes shared through {@code processID}. One record is one whole document,
 * which may hold many traces.
 *
 * <p>No library models this JSON (it is Jaeger's Go-side {@code model/json} view, not a protobuf mapping), so it is
 * read with Jackson's tree model and checked field by field, naming the JSON path of anything wrong.
 */
final class JaegerUiDecoder implements SpanDecoder {
    static final JaegerUiDecoder INSTANCE = new JaegerUiDecoder();

    private JaegerUiDecoder() {
    }

    @Override
    public SpanFormat format() {
        return SpanFormat.JAEGER_UI;
    }

    @Override
    public List<Span> decode(byte[] record) {
        JsonNode tree = JsonRecords.parse(record, format());
        return tree == null ? List.of() : decodeTree(tree);
    }

    List<Span> decodeTree(JsonNode root) {
        if (!root.isObject()) {
            throw error("(root)", "expected an object {\"data\":[trace...]}, got " + JsonRecords.describe(root));
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isArray()) {
            throw error("data", data == null ? "missing; expected the query API's {\"data\":[trace...]}"
                    : "expected an array of traces, got " + JsonRecords.describe(data));
        }
        List<Span> spans = new ArrayList<>();
        for (int t = 0; t < data.size(); t++) {
            String tracePath = "data[" + t + "]";
            JsonNode trace = object(data.get(t), tracePath);
            JsonNode processes = optional(trace, "processes");
            if (processes != null && !processes.isObject()) {
                throw error(tracePath + ".processes", "expected an object, got " + JsonRecords.describe(processes));
            }
            JsonNode traceSpans = optional(trace, "spans");
            if (traceSpans == null) {
                continue;
            }
            if (!traceSpans.isArray()) {
                throw error(tracePath + ".spans", "expected an array, got " + JsonRecords.describe(traceSpans));
            }
            for (int s = 0; s < traceSpans.size(); s++) {
                spans.add(span(object(traceSpans.get(s), tracePath + ".spans[" + s + "]"), processes, tracePath,
                        tracePath + ".spans[" + s + "]"));
            }
        }
        return spans;
    }

    private Span span(JsonNode span, JsonNode processes, String tracePath, String path) {
        String traceId = SpanIds.traceIdFromHex(text(span, "traceID", path), format(), path + ".traceID");
        String spanId = SpanIds.spanIdFromHex(text(span, "spanID", path), format(), path + ".spanID");
        String operation = text(span, "operationName", path);
        String parentSpanId = parent(span, traceId, path);
        long startMicros = micros(span, "startTime", path);
        long durationMicros = micros(span, "duration", path);

        SpanTags spanTags = new SpanTags();
        for (TypedTag tag : tags(span, path)) {
            spanTags.put(tag.key(), tag.value());
        }
        JsonNode process = optional(span, "process");
        String processPath = path + ".process";
        if (process == null) {
            String processId = text(span, "processID", path);
            processPath = tracePath + ".processes." + processId;
            process = processes == null ? null : processes.get(processId);
            if (process == null || process.isNull()) {
                throw error(path + ".processID", "'" + processId + "' is not in " + tracePath + ".processes");
            }
        }
        object(process, processPath);
        String service = text(process, "serviceName", processPath);
        if (service.isEmpty()) {
            throw error(processPath + ".serviceName", "empty");
        }
        ProcessTags processTags = new ProcessTags();
        for (TypedTag tag : tags(process, processPath)) {
            processTags.put(tag.key(), tag.value());
        }
        return new Span(traceId, spanId, parentSpanId, service, operation, spanTags.jaegerKind(), startMicros,
                durationMicros, processTags.host(), spanTags.statusCode(), spanTags.jaegerError());
    }

    /** First CHILD_OF, else first FOLLOWS_FROM reference within the same trace (see JaegerSpanMapper). */
    private String parent(JsonNode span, String traceId, String path) {
        JsonNode references = optional(span, "references");
        if (references == null) {
            return null;
        }
        if (!references.isArray()) {
            throw error(path + ".references", "expected an array, got " + JsonRecords.describe(references));
        }
        String followsFrom = null;
        for (int i = 0; i < references.size(); i++) {
            String refPath = path + ".references[" + i + "]";
            JsonNode ref = object(references.get(i), refPath);
            String refType = text(ref, "refType", refPath).toUpperCase(Locale.ROOT);
            if (!refType.equals("CHILD_OF") && !refType.equals("FOLLOWS_FROM")) {
                throw error(refPath + ".refType", "'" + refType + "' is neither CHILD_OF nor FOLLOWS_FROM");
            }
            String refTraceId = SpanIds.traceIdFromHex(text(ref, "traceID", refPath), format(), refPath + ".traceID");
            String refSpanHex = text(ref, "spanID", refPath);
            // Jaeger clients wrote "no parent" as span id 0.
            if (!refTraceId.equals(traceId) || refSpanHex.chars().allMatch(c -> c == '0')) {
                continue;
            }
            String refSpanId = SpanIds.spanIdFromHex(refSpanHex, format(), refPath + ".spanID");
            if (refType.equals("CHILD_OF")) {
                return refSpanId;
            }
            if (followsFrom == null) {
                followsFrom = refSpanId;
            }
        }
        return followsFrom;
    }

    private record TypedTag(String key, Object value) {
    }

    private List<TypedTag> tags(JsonNode holder, String path) {
        JsonNode tags = optional(holder, "tags");
        if (tags == null) {
            return List.of();
        }
        if (!tags.isArray()) {
            throw error(path + ".tags", "expected an array, got " + JsonRecords.describe(tags));
        }
        List<TypedTag> result = new ArrayList<>(tags.size());
        for (int i = 0; i < tags.size(); i++) {
            String tagPath = path + ".tags[" + i + "]";
            JsonNode tag = object(tags.get(i), tagPath);
            result.add(new TypedTag(text(tag, "key", tagPath), value(tag.get("value"))));
        }
        return result;
    }

    /** The tag's JSON value as the Java type the other formats use; the declared "type" adds nothing beyond it. */
    private static Object value(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        return null;
    }

    private long micros(JsonNode span, String name, String path) {
        JsonNode value = span.get(name);
        if (value == null || value.isNull()) {
            throw error(path + "." + name, "missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw error(path + "." + name,
                    "expected a non-negative whole number of microseconds, got " + JsonRecords.describe(value));
        }
        return value.longValue();
    }

    private String text(JsonNode holder, String name, String path) {
        JsonNode value = holder.get(name);
        if (value == null || value.isNull()) {
            throw error(path + "." + name, "missing");
        }
        if (!value.isTextual()) {
            throw error(path + "." + name, "expected a string, got " + JsonRecords.describe(value));
        }
        return value.textValue();
    }

    private static JsonNode optional(JsonNode holder, String name) {
        JsonNode value = holder.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw error(path, "expected an object, got " + JsonRecords.describe(node));
        }
        return node;
    }

    private SpanDecodeException error(String path, String problem) {
        return new SpanDecodeException(format(), path, problem);
    }
}
