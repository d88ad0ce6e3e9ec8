package io.queueflower.streams.decode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Canonical spans as JSON objects whose keys are exactly the Avro field names of {@link Span}, in schema order: ids
 * as lowercase hex strings, numbers as JSON numbers, null where a field is absent. One object per line makes the
 * "JSON lines" files the ingest tool writes and the replay tools read.
 *
 * <p>Written by hand rather than with Avro's JSON encoder, whose union encoding ({@code {"string":"..."}}) would make
 * the lines awkward for people and jq alike.
 */
public final class SpanJson {
    static final String TRACE_ID = "traceId";
    static final String SPAN_ID = "spanId";
    static final String PARENT_SPAN_ID = "parentSpanId";
    static final String SERVICE = "service";
    static final String OPERATION = "operation";
    static final String KIND = "kind";
    static final String START_MICROS = "startMicros";
    static final String DURATION_MICROS = "durationMicros";
    static final String HOST = "host";
    static final String STATUS_CODE = "statusCode";
    static final String ERROR = "error";

    private static final Set<String> KEYS = Set.of(TRACE_ID, SPAN_ID, PARENT_SPAN_ID, SERVICE, OPERATION, KIND,
            START_MICROS, DURATION_MICROS, HOST, STATUS_CODE, ERROR);
    private static final Pattern TRACE_ID_HEX = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID_HEX = Pattern.compile("[0-9a-f]{16}");

    private SpanJson() {
    }

    /** One span as a single-line JSON object. */
    public static String toJson(Span span) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JsonRecords.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField(TRACE_ID, span.getTraceId());
            json.writeStringField(SPAN_ID, span.getSpanId());
            json.writeStringField(PARENT_SPAN_ID, span.getParentSpanId());
            json.writeStringField(SERVICE, span.getService());
            json.writeStringField(OPERATION, span.getOperation());
            json.writeStringField(KIND, span.getKind() == null ? null : span.getKind().name());
            json.writeNumberField(START_MICROS, span.getStartMicros());
            json.writeNumberField(DURATION_MICROS, span.getDurationMicros());
            json.writeStringField(HOST, span.getHost());
            if (span.getStatusCode() == null) {
                json.writeNullField(STATUS_CODE);
            } else {
                json.writeNumberField(STATUS_CODE, span.getStatusCode());
            }
            json.writeBooleanField(ERROR, span.getError());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Reads one span written by {@link #toJson}. Fields with an Avro default (parentSpanId, kind, host, statusCode,
     * error) may be left out; unknown keys, wrong types and malformed ids are errors naming the key.
     *
     * @throws IllegalArgumentException when the text is not a canonical span
     */
    public static Span fromJson(String json) {
        JsonNode tree;
        try {
            tree = JsonRecords.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + (tree == null ? "nothing" : JsonRecords.describe(tree)));
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("unknown key '" + name + "'; a canonical span has " + KEYS);
            }
        }
        String kind = optionalString(tree, KIND);
        SpanKind spanKind;
        try {
            spanKind = kind == null ? SpanKind.UNSPECIFIED : SpanKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KIND + ": '" + kind + "' is not one of " + List.of(SpanKind.values()), e);
        }
        JsonNode error = tree.get(ERROR);
        if (error != null && !error.isNull() && !error.isBoolean()) {
            throw new IllegalArgumentException(ERROR + ": expected true or false, got " + JsonRecords.describe(error));
        }
        return new Span(
                id(tree, TRACE_ID, TRACE_ID_HEX, true),
                id(tree, SPAN_ID, SPAN_ID_HEX, true),
                id(tree, PARENT_SPAN_ID, SPAN_ID_HEX, false),
                requiredString(tree, SERVICE),
                requiredString(tree, OPERATION),
                spanKind,
                requiredLong(tree, START_MICROS),
                requiredLong(tree, DURATION_MICROS),
                optionalString(tree, HOST),
                optionalInt(tree, STATUS_CODE),
                error != null && error.booleanValue());
    }

    /**
     * Reads JSON lines of canonical spans, skipping blank lines.
     *
     * @throws IllegalArgumentException naming the 1-based line of the first bad span
     */
    public static List<Span> readLines(Reader reader) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        List<Span> spans = new ArrayList<>();
        long lineNumber = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                spans.add(fromJson(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
        return spans;
    }

    private static String id(JsonNode tree, String key, Pattern format, boolean required) {
        String id = required ? requiredString(tree, key) : optionalString(tree, key);
        if (id != null && !format.matcher(id).matches()) {
            throw new IllegalArgumentException(key + ": '" + SpanIds.abbreviate(id) + "' is not "
                    + (format == TRACE_ID_HEX ? 32 : 16) + " lowercase hex digits");
        }
        return id;
    }

    private static String requiredString(JsonNode tree, String key) {
        String value = optionalString(tree, key);
        if (value == null) {
            throw new IllegalArgumentException(key + ": missing");
        }
        return value;
    }

    private static String optionalString(JsonNode tree, String key) {
        JsonNode value = tree.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(key + ": expected a string, got " + JsonRecords.describe(value));
        }
        return value.textValue();
    }

    private static long requiredLong(JsonNode tree, String key) {
        JsonNode value = tree.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(key + ": missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(key + ": expected a whole number, got " + JsonRecords.describe(value));
        }
        return value.longValue();
    }

    private static Integer optionalInt(JsonNode tree, String key) {
        JsonNode value = tree.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(key + ": expected a 32-bit whole number, got " + JsonRecords.describe(value));
        }
        return value.intValue();
    }
}
