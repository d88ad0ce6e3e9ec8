package io.queueflower.streams.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.avro.TraceSummary;
import io.queueflower.core.estimate.WindowSnapshot;
import io.queueflower.core.estimate.WindowStatsRecords;
import io.queueflower.core.window.WindowLifecycle;
import io.queueflower.streams.topology.WindowDecisionTopology;
import io.queueflower.streams.topology.WindowTraces;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over the decision stage's stores, for the HTTP endpoints: the latest decision per namespace
 * and the statistics of the latest closed window, recomputed from the traces the decision stage holds (the same
 * computation the decision used).
 */
final class StateQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaStreams streams;
    private final String namespace;
    private final WindowLifecycle lifecycle;
    private final long windowSizeMs;

    StateQueries(KafkaStreams streams, String namespace, WindowLifecycle lifecycle) {
        this.streams = streams;
        this.namespace = namespace;
        this.lifecycle = lifecycle;
        this.windowSizeMs = lifecycle.windows().sizeMs();
    }

    /** The latest decision for the namespace, as JSON. */
    Optional<Object> latestDecision() {
        ReadOnlyKeyValueStore<String, ScalingDecision> store = streams.store(StoreQueryParameters.fromNameAndType(
                WindowDecisionTopology.LATEST_DECISION_STORE, QueryableStoreTypes.keyValueStore()));
        return Optional.ofNullable(store.get(namespace)).map(StateQueries::toJson);
    }

    /** Per (service, flow) statistics of the latest closed window, as JSON. */
    Optional<Object> latestWindowStats() {
        ReadOnlyKeyValueStore<String, Long> progress = streams.store(StoreQueryParameters.fromNameAndType(
                WindowDecisionTopology.WINDOW_PROGRESS_STORE, QueryableStoreTypes.keyValueStore()));
        Long nextOpen = progress.get(namespace);
        if (nextOpen == null) {
            return Optional.empty();
        }
        long windowStart = nextOpen - windowSizeMs;
        ReadOnlyKeyValueStore<String, TraceSummary> traces = streams.store(StoreQueryParameters.fromNameAndType(
                WindowDecisionTopology.WINDOW_TRACES_STORE, QueryableStoreTypes.keyValueStore()));
        WindowSnapshot snapshot = lifecycle.snapshot(WindowTraces.accumulate(traces, namespace, windowStart,
                lifecycle));
        long count = snapshot.flows().values().stream().mapToLong(f -> f.traces() + f.errors()).sum();
        if (count == 0) {
            return Optional.empty();
        }
        List<Object> stats = new ArrayList<>();
        for (ServiceWindowStats s : WindowStatsRecords.toAvro(snapshot)) {
            stats.add(toJson(s));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("namespace", namespace);
        body.put("windowStart", windowStart);
        body.put("windowEnd", windowStart + windowSizeMs);
        body.put("traces", count);
        body.put("stats", stats);
        return Optional.of(body);
    }

    // Avro's own toString of these records is JSON (no union wrappers, unlike its JSON encoder).
    private static JsonNode toJson(SpecificRecord record) {
        try {
            return JSON.readTree(record.toString());
        } catch (Exception e) {
            throw new IllegalStateException("cannot render " + record.getSchema().getName() + " as JSON", e);
        }
    }
}
