package io.queueflower.streams.app;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives Kafka Streams' state-store metrics one set of tag keys. Kafka names a store's tag after its kind
 * ({@code rocksdb-state-id}, {@code rocksdb-window-state-id}, {@code in-memory-state-id}, ...; Micrometer's binder turns
 * the dashes into dots), so one metric such as {@code kafka.stream.state.put.rate} carries different tag keys for a
 * key-value and a window store; Prometheus requires one set per name, and its registry drops the second kind with a
 * warning. Here the tag becomes {@code state.id} with the kind in {@code store.type} ({@code rocksdb-window}), so every
 * store's metrics are exported.
 */
final class StateStoreTags implements MeterFilter {
    static final String STATE_ID = "state.id";
    static final String STORE_TYPE = "store.type";
    private static final String SUFFIX = "." + STATE_ID;

    @Override
    public Meter.Id map(Meter.Id id) {
        List<Tag> tags = new ArrayList<>();
        boolean changed = false;
        for (Tag tag : id.getTagsAsIterable()) {
            if (tag.getKey().endsWith(SUFFIX) && !tag.getKey().equals(STATE_ID)) {
                tags.add(Tag.of(STATE_ID, tag.getValue()));
                String kind = tag.getKey().substring(0, tag.getKey().length() - SUFFIX.length());
                tags.add(Tag.of(STORE_TYPE, kind.replace('.', '-')));
                changed = true;
            } else {
                tags.add(tag);
            }
        }
        return changed ? id.replaceTags(tags) : id;
    }
}
