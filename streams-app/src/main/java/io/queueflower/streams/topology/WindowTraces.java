package io.queueflower.streams.topology;

import io.queueflower.avro.TraceSummary;
import io.queueflower.core.estimate.WindowAccumulator;
import io.queueflower.core.window.WindowLifecycle;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The {@code window-trace-entries} store: each trace under its window's start, its namespace and its id. The decision
 * at close and the interactive query of the latest window rebuild a window's statistics by this one path, so what
 * /stats shows is what was decided on.
 *
 * <p>A key-value store, not a window store: a window store drops what is older than its retention behind the newest
 * timestamp written, and with several upstream partitions the traces of a window still open can be older than that
 * by however far one partition has run ahead. Here a window's traces stay until the window after it has closed.
 */
public final class WindowTraces {
    private static final String ZEROS = "00000000000000000000";

    private WindowTraces() {
    }

    /** Zero-padded so that keys sort by window start. */
    static String key(long windowStart, String namespace, String traceId) {
        return prefix(windowStart, namespace) + traceId;
    }

    private static String prefix(long windowStart, String namespace) {
        String digits = Long.toString(Math.max(0, windowStart));
        return ZEROS.substring(digits.length()) + digits + '|' + namespace + '|';
    }

    /** The namespace's traces of the window starting at {@code windowStart}, accumulated. */
    public static WindowAccumulator accumulate(ReadOnlyKeyValueStore<String, TraceSummary> store, String namespace,
                                               long windowStart, WindowLifecycle lifecycle) {
        WindowAccumulator accumulator = lifecycle.open(windowStart);
        try (KeyValueIterator<String, TraceSummary> it = store.prefixScan(prefix(windowStart, namespace),
                new StringSerializer())) {
            it.forEachRemaining(kv -> accumulator.add(kv.value));
        }
        return accumulator;
    }

    /** Forgets the namespace's traces of the window starting at {@code windowStart}. */
    static void forget(KeyValueStore<String, TraceSummary> store, String namespace, long windowStart) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, TraceSummary> it = store.prefixScan(prefix(windowStart, namespace),
                new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete);
    }
}
