package io.queueflower.simulator.export;

import io.queueflower.avro.Span;
import io.queueflower.streams.decode.SpanFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a trace into the records a tracing stack would write to Kafka in a given ingest format: one OTLP export
 * request per trace (otlp-proto, otlp-json), one Jaeger span per record (jaeger-proto, jaeger-json), or one Jaeger UI
 * document per trace (jaeger-ui).
 */
public final class TraceEncoder {
    private final SpanFormat format;
    private final OtlpTraceEncoder otlp;
    private final JaegerSpanEncoder jaeger;
    private final String namespace;

    public TraceEncoder(SpanFormat format, String namespace) {
        if (format == SpanFormat.AUTO) {
            throw new IllegalArgumentException("'auto' is an input setting; choose one of " + outputFormats());
        }
        this.format = format;
        this.namespace = namespace;
        this.otlp = new OtlpTraceEncoder(namespace);
        this.jaeger = new JaegerSpanEncoder(namespace);
    }

    /** Parses a format name: the ingest names (otlp-proto, ...) or the same with underscores (otlp_proto, ...). */
    public static SpanFormat parseFormat(String name) {
        SpanFormat format = SpanFormat.fromCliName(name.trim().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (format == SpanFormat.AUTO) {
            throw new IllegalArgumentException("'auto' is an input setting; choose one of " + outputFormats());
        }
        return format;
    }

    public static String outputFormats() {
        return "otlp-proto, otlp-json, jaeger-proto, jaeger-json, jaeger-ui";
    }

    public SpanFormat format() {
        return format;
    }

    public String namespace() {
        return namespace;
    }

    public List<byte[]> records(List<Span> trace) {
        return switch (format) {
            case OTLP_PROTO -> List.of(otlp.proto(trace));
            case OTLP_JSON -> List.of(otlp.json(trace));
            case JAEGER_PROTO -> {
                List<byte[]> records = new ArrayList<>(trace.size());
                trace.forEach(span -> records.add(jaeger.proto(span)));
                yield records;
            }
            case JAEGER_JSON -> {
                List<byte[]> records = new ArrayList<>(trace.size());
                trace.forEach(span -> records.add(jaeger.json(span)));
                yield records;
            }
            case JAEGER_UI -> List.of(JaegerUiWriter.document(trace, namespace));
            case AUTO -> throw new IllegalStateException("unreachable");
        };
    }
}
