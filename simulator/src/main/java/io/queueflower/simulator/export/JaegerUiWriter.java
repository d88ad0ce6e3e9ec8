package io.queueflower.simulator.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.queueflower.avro.Span;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the Jaeger UI / query API export, {@code {"data":[trace, ...]}}, streaming one trace at a time: hex ids,
 * times in µs, typed tags, one process per (service, pod) shared through {@code processID}.
 *
 * <p>Written with Jackson's generator by hand because no library models this JSON: it is the Go-side
 * {@code model/json} view of Jaeger's query service, not a protobuf mapping.
 */
public final class JaegerUiWriter implements Closeable {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonGenerator json;
    private final String namespace;
    private boolean closed;

    public JaegerUiWriter(OutputStream out, String namespace) throws IOException {
        this.json = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        this.namespace = namespace;
        json.writeStartObject();
        json.writeArrayFieldStart("data");
    }

    /** One trace as a whole export document. */
    public static byte[] document(List<Span> trace, String namespace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JaegerUiWriter writer = new JaegerUiWriter(out, namespace)) {
            writer.write(trace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Appends one trace (its spans share a trace id). */
    public void write(List<Span> trace) throws IOException {
        if (trace.isEmpty()) {
            return;
        }
        Map<String, String> processIds = new LinkedHashMap<>();
        Map<String, Span> processOf = new LinkedHashMap<>();
        for (Span span : trace) {
            String key = span.getService() + '\n' + span.getHost();
            if (!processIds.containsKey(key)) {
                processIds.put(key, "p" + (processIds.size() + 1));
                processOf.put(key, span);
            }
        }
        json.writeStartObject();
        json.writeStringField("traceID", trace.get(0).getTraceId());
        json.writeArrayFieldStart("spans");
        for (Span span : trace) {
            json.writeStartObject();
            json.writeStringField("traceID", span.getTraceId());
            json.writeStringField("spanID", span.getSpanId());
            json.writeNumberField("flags", 1);
            json.writeStringField("operationName", span.getOperation());
            json.writeArrayFieldStart("references");
            if (span.getParentSpanId() != null) {
                json.writeStartObject();
                json.writeStringField("refType", "CHILD_OF");
                json.writeStringField("traceID", span.getTraceId());
                json.writeStringField("spanID", span.getParentSpanId());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("startTime", span.getStartMicros());
            json.writeNumberField("duration", span.getDurationMicros());
            json.writeArrayFieldStart("tags");
            tag("span.kind", span.getKind().name().toLowerCase(Locale.ROOT));
            tag("component", SpanAttributes.isHttp(span) ? "net/http" : "gRPC");
            for (Map.Entry<String, Object> attribute : SpanAttributes.of(span).entrySet()) {
                tag(attribute.getKey(), attribute.getValue());
            }
            if (span.getError()) {
                tag("error", Boolean.TRUE);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("logs");
            json.writeEndArray();
            json.writeStringField("processID", processIds.get(span.getService() + '\n' + span.getHost()));
            json.writeNullField("warnings");
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("processes");
        for (Map.Entry<String, String> process : processIds.entrySet()) {
            Span span = processOf.get(process.getKey());
            json.writeObjectFieldStart(process.getValue());
            json.writeStringField("serviceName", span.getService());
            json.writeArrayFieldStart("tags");
            if (span.getHost() != null) {
                tag("hostname", span.getHost());
                tag("k8s.pod.name", span.getHost());
            }
            tag("k8s.namespace.name", namespace);
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeNullField("warnings");
        json.writeEndObject();
    }

    private void tag(String key, Object value) throws IOException {
        json.writeStartObject();
        json.writeStringField("key", key);
        if (value instanceof Long number) {
            json.writeStringField("type", "int64");
            json.writeNumberField("value", number);
        } else if (value instanceof Boolean flag) {
            json.writeStringField("type", "bool");
            json.writeBooleanField("value", flag);
        } else {
            json.writeStringField("type", "string");
            json.writeStringField("value", value.toString());
        }
        json.writeEndObject();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        json.writeEndArray();
        json.writeNumberField("total", 0);
        json.writeNumberField("limit", 0);
        json.writeNumberField("offset", 0);
        json.writeNullField("errors");
        json.writeEndObject();
        json.close();
    }
}
