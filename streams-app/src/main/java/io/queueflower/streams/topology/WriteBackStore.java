package io.queueflower.streams.topology;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A key-value store that keeps what the processor wrote as objects until the task commits, and then writes each
 * changed key once to the store below it (RocksDB or in-memory, with its changelog).
 *
 * <p>Why by hand: Kafka Streams' record cache keeps serialized bytes, so every {@code get} deserializes and every
 * {@code put} serializes the whole value. The assembly rewrites a trace's state with each of its spans; through the
 * record cache that cost a serialization per span, and one store entry per span (to keep the value small) cost a
 * changelog record and a tombstone per span. Here a trace's state is written once per commit in which it changed,
 * and not at all if it came and went between two commits.
 *
 * <p>Exactly-once holds because the writes happen where Kafka Streams' own caching layer writes: the store is a
 * {@link CachedStateStore}, whose {@code flushCache} the task calls in the commit's prepare phase, before the
 * transaction with the input offsets commits; a task closed dirty drops what is held ({@code clearCache}), as the
 * aborted transaction does. {@code CachedStateStore} is a Kafka Streams internal interface, the only hook a store has
 * for writing inside the commit; the failover and restart tests on the broker would catch a change in that contract.
 *
 * <p>The objects handed out by {@link #get} are the held ones: a caller that changes one must {@link #put} it back
 * (the assembly always does). Iteration sees the store as of the last commit, so it is refused while writes are held;
 * the assembly only iterates at start, to rebuild its in-memory due-time index.
 */
final class WriteBackStore<V> implements KeyValueStore<String, V>, CachedStateStore<String, V> {
    /** Clean entries kept beyond this are dropped at the next commit, so the heap holds the working set only. */
    static final int MAX_CLEAN_ENTRIES = 100_000;

    private final KeyValueStore<String, V> inner;
    private final Map<String, Held<V>> held = new HashMap<>();
    private int dirty;

    /**
     * @param value     null when the key has no value
     * @param dirty     written since the last commit
     * @param persisted the store below has (or had, before this commit) a value for the key
     */
    private record Held<V>(V value, boolean dirty, boolean persisted) {
    }

    WriteBackStore(KeyValueStore<String, V> inner) {
        this.inner = inner;
    }

    /** A builder for a logged write-back store over {@code supplier}; Kafka's own record cache stays off below it. */
    static <V> StoreBuilder<KeyValueStore<String, V>> builder(KeyValueBytesStoreSupplier supplier, Serde<V> values) {
        return new Builder<>(Stores.keyValueStoreBuilder(supplier, Serdes.String(), values).withCachingDisabled());
    }

    @Override
    public V get(String key) {
        Held<V> h = held.get(key);
        if (h != null) {
            return h.value();
        }
        V value = inner.get(key);
        held.put(key, new Held<>(value, false, value != null));
        return value;
    }

    @Override
    public void put(String key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        Held<V> h = held.get(key);
        boolean persisted = h != null ? h.persisted() : inner.get(key) != null;
        hold(key, h, new Held<>(value, true, persisted));
    }

    @Override
    public V delete(String key) {
        V old = get(key);
        Held<V> h = held.get(key);
        if (h.persisted()) {
            hold(key, h, new Held<>(null, true, true));
        } else {
            // Came and went between two commits: the store below never hears of it.
            if (h.dirty()) {
                dirty--;
            }
            held.remove(key);
        }
        return old;
    }

    private void hold(String key, Held<V> before, Held<V> after) {
        if (before == null || !before.dirty()) {
            dirty++;
        }
        held.put(key, after);
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    /** Writes every key changed since the last commit to the store below; called in the commit's prepare phase. */
    @Override
    public void flushCache() {
        if (dirty > 0) {
            Iterator<Map.Entry<String, Held<V>>> it = held.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Held<V>> e = it.next();
                Held<V> h = e.getValue();
                if (!h.dirty()) {
                    continue;
                }
                if (h.value() == null) {
                    inner.delete(e.getKey());
                    it.remove();
                } else {
                    inner.put(e.getKey(), h.value());
                    e.setValue(new Held<>(h.value(), false, true));
                }
            }
            dirty = 0;
        }
        if (held.size() > MAX_CLEAN_ENTRIES) {
            held.clear();
        }
    }

    @Override
    public void clearCache() {
        held.clear();
        dirty = 0;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void flush() {
        flushCache();
        inner.flush();
    }

    private void refuseWhileHeld() {
        if (dirty > 0) {
            throw new IllegalStateException("store " + name() + " holds " + dirty
                    + " uncommitted writes; it can only be iterated between commits");
        }
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        refuseWhileHeld();
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        refuseWhileHeld();
        return inner.all();
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    @Override
    public void close() {
        clearCache();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    private record Builder<V>(StoreBuilder<KeyValueStore<String, V>> inner)
            implements StoreBuilder<KeyValueStore<String, V>> {
        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
            return this; // this store is the cache
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
            return new Builder<>(inner.withLoggingEnabled(config));
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
            return new Builder<>(inner.withLoggingDisabled());
        }

        @Override
        public KeyValueStore<String, V> build() {
            return new WriteBackStore<>(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
