package io.queueflower.streams.topology;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Where the app's state stores keep their data (config {@code state.stores}). Both kinds are backed by changelog
 * topics, so both survive restarts; RocksDB holds more than the heap, in-memory avoids RocksDB's flush on every
 * commit, which dominates replay (TopologyTestDriver commits after each record).
 */
public enum StateStores {
    ROCKSDB("rocksdb"),
    IN_MEMORY("in-memory");

    private final String configName;

    StateStores(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static StateStores fromConfigName(String name) {
        for (StateStores kind : values()) {
            if (kind.configName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown state store kind '" + name + "', expected rocksdb or in-memory");
    }

    KeyValueBytesStoreSupplier keyValue(String name) {
        return this == ROCKSDB ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
}
