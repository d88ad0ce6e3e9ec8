package io.queueflower.streams.decode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The span encodings that Jaeger and OpenTelemetry producers write to Kafka, plus the Jaeger UI export used for offline
 * replay, each with its command-line name and the way records are framed in a file.
 */
public enum SpanFormat {
    /** Jaeger api_v2 {@code Span} protobuf, one span per record (jaeger-collector's Kafka default). */
    JAEGER_PROTO("jaeger-proto", Framing.LENGTH_PREFIXED),
    /** Jaeger api_v2 {@code Span} in the protobuf JSON mapping (base64 ids), one span per record. */
    JAEGER_JSON("jaeger-json", Framing.LINES),
    /** OTLP {@code ExportTraceServiceRequest} protobuf, many spans per record (OTel Collector {@code otlp_proto}). */
    OTLP_PROTO("otlp-proto", Framing.LENGTH_PREFIXED),
    /** OTLP/JSON {@code ExportTraceServiceRequest} (hex ids), many spans per record (OTel Collector {@code otlp_json}). */
    OTLP_JSON("otlp-json", Framing.LINES),
    /** Jaeger UI / query API export {@code {"data":[trace...]}}, one whole document per record. */
    JAEGER_UI("jaeger-ui", Framing.DOCUMENT),
    /** Detects one of the above for every record. */
    AUTO("auto", Framing.DETECT);

    /** How a file or stream of this format is cut into records (see {@link SpanRecordReader}). */
    public enum Framing {
        /** One record per line; blank lines are skipped. */
        LINES,
        /** The whole input is one record. */
        DOCUMENT,
        /** Each record is a 4-byte big-endian unsigned length followed by that many bytes. */
        LENGTH_PREFIXED,
        /** Decided from the first bytes of the input. */
        DETECT
    }

    private final String cliName;
    private final Framing framing;

    SpanFormat(String cliName, Framing framing) {
        this.cliName = cliName;
        this.framing = framing;
    }

    public String cliName() {
        return cliName;
    }

    public Framing framing() {
        return framing;
    }

    /** The shared, thread-safe decoder for this format. */
    public SpanDecoder decoder() {
        return switch (this) {
            case JAEGER_PROTO -> JaegerProtoDecoder.INSTANCE;
            case JAEGER_JSON -> JaegerJsonDecoder.INSTANCE;
            case OTLP_PROTO -> OtlpProtoDecoder.INSTANCE;
            case OTLP_JSON -> OtlpJsonDecoder.INSTANCE;
            case JAEGER_UI -> JaegerUiDecoder.INSTANCE;
            case AUTO -> AutoSpanDecoder.INSTANCE;
        };
    }

    /** Looks a format up by its command-line name (case-insensitive). */
    public static SpanFormat fromCliName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (SpanFormat format : values()) {
            if (format.cliName.equals(wanted)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown span format '" + name + "'; expected one of " + cliNames());
    }

    /** All command-line names, separated by " | ". */
    public static String cliNames() {
        return Arrays.stream(values()).map(SpanFormat::cliName).collect(Collectors.joining(" | "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
