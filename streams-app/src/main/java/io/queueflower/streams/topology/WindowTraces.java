package io.queueflower.streams.topology;

import io.queueflower.avro.TraceSummary;
import io.queueflower.core.estimate.WindowAccumulator;
import io.queueflower.core.window.WindowLifecycle;
import java.time.Instant;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * How a window's statistics are rebuilt from the {@code window-traces} store: the decision at close and the
 * interactive query of the latest window use this one path, so what /stats shows is what was decided on.
 */
public final class WindowTraces {
    private WindowTraces() {
    }

    /** The namespace's traces of the window starting at {@code windowStart}, accumulated. */
    public static WindowAccumulator accumulate(ReadOnlyWindowStore<String, TraceSummary> store, String namespace,
                                               long windowStart, WindowLifecycle lifecycle) {
        WindowAccumulator accumulator = lifecycle.open(windowStart);
        String prefix = WindowDecisionProcessor.traceKey(namespace, "");
        Instant start = Instant.ofEpochMilli(windowStart);
        try (KeyValueIterator<Windowed<String>, TraceSummary> it = store.fetchAll(start, start)) {
            it.forEachRemaining(kv -> {
                if (kv.key.key().startsWith(prefix)) {
                    accumulator.add(kv.value);
                }
            });
        }
        return accumulator;
    }
}
