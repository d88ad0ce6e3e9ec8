package io.queueflower.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * What reaches the store below (and so the changelog) and when: each changed key once per commit, nothing for a key
 * that came and went between two commits, nothing at all from a task closed dirty.
 */
class WriteBackStoreTest {
    final RecordingStore below = new RecordingStore();
    final WriteBackStore<String> store = new WriteBackStore<>(below);

    @Test
    void aKeyRewrittenManyTimesReachesTheStoreBelowOncePerCommit() {
        store.put("t1", "a");
        store.put("t1", "ab");
        store.put("t1", "abc");
        assertThat(store.get("t1")).isEqualTo("abc");
        assertThat(below.writes).isEmpty();
        store.flushCache();
        assertThat(below.writes).containsExactly("put t1=abc");
        store.flushCache();
        assertThat(below.writes).as("nothing changed since").hasSize(1);
    }

    @Test
    void aKeyThatCameAndWentBetweenTwoCommitsIsNeverWritten() {
        assertThat(store.get("t1")).isNull();
        store.put("t1", "a");
        store.put("t1", "ab");
        assertThat(store.delete("t1")).isEqualTo("ab");
        store.flushCache();
        assertThat(below.writes).isEmpty();
        assertThat(store.get("t1")).isNull();
    }

    @Test
    void aCommittedKeyDeletedLaterIsDeletedBelowAtTheNextCommit() {
        store.put("t1", "a");
        store.flushCache();
        assertThat(store.delete("t1")).isEqualTo("a");
        assertThat(store.get("t1")).isNull();
        store.flushCache();
        assertThat(below.writes).containsExactly("put t1=a", "delete t1");
        assertThat(below.data).isEmpty();
    }

    @Test
    void aValueCommittedBeforeARestartIsReadFromBelow() {
        below.data.put("t1", "from-changelog");
        assertThat(store.get("t1")).isEqualTo("from-changelog");
        store.delete("t1");
        store.flushCache();
        assertThat(below.writes).containsExactly("delete t1");
    }

    @Test
    void aTaskClosedDirtyDropsWhatWasHeld() {
        store.put("t1", "a");
        store.clearCache();
        store.flushCache();
        assertThat(below.writes).isEmpty();
        assertThat(store.get("t1")).isNull();
    }

    @Test
    void iterationIsRefusedWhileWritesAreHeldAndSeesTheCommittedStoreAfter() {
        store.put("t1", "a");
        assertThatThrownBy(store::all).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 uncommitted writes");
        store.flushCache();
        try (KeyValueIterator<String, String> it = store.all()) {
            assertThat(it.next()).isEqualTo(KeyValue.pair("t1", "a"));
        }
    }

    /** The store below: records every write it is given. */
    static final class RecordingStore implements KeyValueStore<String, String> {
        final Map<String, String> data = new TreeMap<>();
        final List<String> writes = new ArrayList<>();

        @Override
        public void put(String key, String value) {
            writes.add("put " + key + "=" + value);
            data.put(key, value);
        }

        @Override
        public String putIfAbsent(String key, String value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putAll(List<KeyValue<String, String>> entries) {
            entries.forEach(e -> put(e.key, e.value));
        }

        @Override
        public String delete(String key) {
            writes.add("delete " + key);
            return data.remove(key);
        }

        @Override
        public String get(String key) {
            return data.get(key);
        }

        @Override
        public KeyValueIterator<String, String> range(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<String, String> all() {
            var it = new ArrayList<>(data.entrySet()).iterator();
            return new KeyValueIterator<>() {
                @Override
                public void close() {
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, String> next() {
                    var e = it.next();
                    return KeyValue.pair(e.getKey(), e.getValue());
                }
            };
        }

        @Override
        public long approximateNumEntries() {
            return data.size();
        }

        @Override
        public String name() {
            return "below";
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
