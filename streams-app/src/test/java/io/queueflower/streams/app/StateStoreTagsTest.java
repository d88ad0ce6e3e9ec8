package io.queueflower.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class StateStoreTagsTest {
    /** Tag keys as Micrometer's Kafka binder makes them: Kafka's, dashes turned into dots. */
    private static void storeMetric(PrometheusMeterRegistry registry, String kindTag, String store, double value) {
        Gauge.builder("kafka.stream.state.put.rate", () -> value)
                .tags("thread.id", "t1", "task.id", "1_0", kindTag, store).register(registry);
    }

    @Test
    void keyValueAndWindowStoresAreExportedUnderOneSetOfTags() {
        PrometheusMeterRegistry plain = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        storeMetric(plain, "rocksdb.state.id", "trace-meta", 1);
        storeMetric(plain, "rocksdb.window.state.id", "window-traces", 2);
        // What the filter fixes: without it Prometheus keeps only the first kind of store.
        assertThat(plain.scrape()).contains("trace-meta").doesNotContain("window-traces");

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new StateStoreTags());
        storeMetric(registry, "rocksdb.state.id", "trace-meta", 1);
        storeMetric(registry, "rocksdb.window.state.id", "window-traces", 2);
        storeMetric(registry, "in.memory.state.id", "latest-decision", 3);
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("state_id=\"trace-meta\",store_type=\"rocksdb\"")
                .contains("state_id=\"window-traces\",store_type=\"rocksdb-window\"")
                .contains("state_id=\"latest-decision\",store_type=\"in-memory\"")
                .doesNotContain("rocksdb_window_state_id");
    }
}
