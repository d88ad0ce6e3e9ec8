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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over the decision stage's stores, for the HTTP endpoints: the latest decision per namespace
 * and the statistics of the latest closed window, recomputed from the traces the decision stage holds (the same
 * computation the decision used).
 *
 * <p>Any instance answers: the namespace's stores live on the one instance whose task holds its key, so with
 * {@code application.server} set (this instance's HTTP address as the others reach it, e.g. the pod IP and
 * {@code http.port}) a query is forwarded there, as a Kubernetes Service load-balances across all of them. A
 * forwarded query is answered locally or not at all (header {@value #FORWARDED}), so two instances that disagree
 * during a rebalance never pass it back and forth.
 */
final class StateQueries {
    static final String FORWARDED = "x-queueflower-forwarded";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final String namespace;
    private final WindowLifecycle lifecycle;
    private final long windowSizeMs;
    /** This instance's address as the others reach it, or null when it runs alone (no application.server). */
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    StateQueries(KafkaStreams streams, String namespace, WindowLifecycle lifecycle, String applicationServer) {
        this.streams = streams;
        this.namespace = namespace;
        this.lifecycle = lifecycle;
        this.windowSizeMs = lifecycle.windows().sizeMs();
        this.self = applicationServer == null || applicationServer.isBlank() ? null
                : HostInfo.buildFromEndpoint(applicationServer);
    }

    /** {@link #latestDecision()} from whichever instance holds the namespace. */
    Optional<Object> latestDecision(Map<String, List<String>> headers) {
        return routed("/decision", WindowDecisionTopology.LATEST_DECISION_STORE, headers, this::latestDecision);
    }

    /** {@link #latestWindowStats()} from whichever instance holds the namespace. */
    Optional<Object> latestWindowStats(Map<String, List<String>> headers) {
        return routed("/stats", WindowDecisionTopology.WINDOW_PROGRESS_STORE, headers, this::latestWindowStats);
    }

    private Optional<Object> routed(String path, String store, Map<String, List<String>> headers,
                                    Supplier<Optional<Object>> local) {
        if (self == null || headers.containsKey(FORWARDED)) {
            return local.get();
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, namespace, Serdes.String().serializer());
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            throw new IllegalStateException("the decision stage's stores are not available (the app is starting or "
                    + "rebalancing); try again shortly");
        }
        HostInfo active = owner.activeHost();
        if (active.equals(self)) {
            return local.get();
        }
        return forward(active, path);
    }

    private Optional<Object> forward(HostInfo host, String path) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + path);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT)
                    .header(FORWARDED, "true").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the instance holding namespace '" + namespace + "' (" + uri
                        + ") answered " + response.statusCode() + ": " + response.body());
            }
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the instance holding namespace '" + namespace + "' at "
                    + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + uri, e);
        }
    }

    /** The latest decision for the namespace, as JSON, from this instance's stores. */
    Optional<Object> latestDecision() {
        ReadOnlyKeyValueStore<String, ScalingDecision> store = streams.store(StoreQueryParameters.fromNameAndType(
                WindowDecisionTopology.LATEST_DECISION_STORE, QueryableStoreTypes.keyValueStore()));
        return Optional.ofNullable(store.get(namespace)).map(StateQueries::toJson);
    }

    /** Per (service, flow) statistics of the latest closed window, as JSON, from this instance's stores. */
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
