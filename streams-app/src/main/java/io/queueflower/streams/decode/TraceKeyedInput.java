package io.queueflower.streams.decode;

import io.queueflower.avro.Span;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * The assumption {@code input.keyed.by.trace} makes: a record holds the spans of one trace and is keyed by that trace's
 * id, so Kafka's partitioner put every span of a trace in the same partition (jaeger-collector's Kafka storage does
 * this; so does the OpenTelemetry Collector's kafka exporter with {@code partition_traces_by_id}). Only then may traces
 * be assembled where the spans are read, without the {@code qf.spans} repartition. A record that breaks it would be
 * mis-assembled (its trace split across tasks), so it is refused, naming why, and goes to the dead-letter topic.
 */
public final class TraceKeyedInput {
    private TraceKeyedInput() {
    }

    /**
     * @param key   the record's key: the trace id as hex text (any case) or as its 16 raw bytes
     * @param spans the record's decoded spans
     * @throws IllegalArgumentException naming the rule broken
     */
    public static void check(byte[] key, List<Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        String traceId = spans.get(0).getTraceId();
        for (Span span : spans) {
            if (!span.getTraceId().equals(traceId)) {
                throw new IllegalArgumentException("input.keyed.by.trace: the record holds spans of more than one "
                        + "trace (" + traceId + ", " + span.getTraceId() + "); each record must hold one trace");
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("input.keyed.by.trace: the record has no key; it must be keyed by its "
                    + "trace id " + traceId);
        }
        if (!keyNames(key, traceId)) {
            throw new IllegalArgumentException("input.keyed.by.trace: the record's key '" + printable(key)
                    + "' is not its trace id " + traceId);
        }
    }

    private static boolean keyNames(byte[] key, String traceId) {
        if (key.length == 16 && HexFormat.of().formatHex(key).equalsIgnoreCase(traceId)) {
            return true;
        }
        return new String(key, StandardCharsets.UTF_8).equalsIgnoreCase(traceId);
    }

    private static String printable(byte[] key) {
        String text = new String(key, StandardCharsets.UTF_8);
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? text : "0x" + HexFormat.of().formatHex(key);
    }
}
