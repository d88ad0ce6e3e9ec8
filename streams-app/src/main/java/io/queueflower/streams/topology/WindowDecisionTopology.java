package io.queueflower.streams.topology;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.avro.TraceSummary;
import io.queueflower.core.algorithm.AlgorithmSettings;
import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.core.time.LateTraces;
import io.queueflower.core.time.TumblingWindows;
import io.queueflower.core.window.WindowLifecycle;
import io.queueflower.schemas.Topics;
import io.queueflower.schemas.serde.SpecificAvroSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The window and decision stage:
 * {@code qf.traces → key-by-namespace → window-input (repartition) → decide [window-trace-entries, window-progress,
 * algorithm-state, latest-decision; replicas] → qf.service-stats | qf.decisions}, with {@code qf.replicas} read as a
 * global table so every instance knows the current replicas of every Deployment.
 */
public final class WindowDecisionTopology {
    public static final String WINDOW_TRACES_STORE = "window-trace-entries";
    public static final String WINDOW_PROGRESS_STORE = "window-progress";
    public static final String ALGORITHM_STATE_STORE = "algorithm-state";
    public static final String LATEST_DECISION_STORE = "latest-decision";
    public static final String REPLICAS_STORE = "replicas";

    /**
     * Window settings; windows are aligned to the epoch, as Kafka Streams' tumbling windows are.
     *
     * @param idleCloseMs wall-clock silence after which time moves with the wall clock (see
     *                    {@link io.queueflower.core.time.IdleClock}); 0 closes windows on event time only
     * @param lateTraces  what becomes of a trace whose window has closed
     * @param upstreamPartitions partitions of the assembly stage's input: a window closes once every one of them is
     *                           past it ({@link io.queueflower.core.time.UpstreamProgress})
     */
    public record Settings(String namespace, long windowSizeMs, long graceMs, long idleCloseMs,
                           boolean keepExactValues, StateStores stores, LateTraces lateTraces, int upstreamPartitions) {
        TumblingWindows windows() {
            return new TumblingWindows(windowSizeMs, graceMs);
        }

        /** The window lifecycle these settings and {@code algorithm} make, shared with the in-process loop. */
        public WindowLifecycle lifecycle(AlgorithmSettings algorithm) {
            return new WindowLifecycle(algorithm, windows(), lateTraces, keepExactValues);
        }
    }

    private WindowDecisionTopology() {
    }

    public static void addTo(StreamsBuilder builder, Topics topics, Map<String, ?> serdeConfig, Settings settings,
                             AlgorithmSettings algorithmSettings, DeploymentNames deployments) {
        builder.globalTable(topics.replicas.name(),
                Consumed.with(topics.replicas.keySerde(), topics.replicas.valueSerde()).withName("replicas-source"),
                Materialized.<String, io.queueflower.avro.ReplicaStatus>as(settings.stores().keyValue(REPLICAS_STORE))
                        .withKeySerde(topics.replicas.keySerde()).withValueSerde(topics.replicas.valueSerde()));

        builder.addStateStore(Stores.keyValueStoreBuilder(settings.stores().keyValue(WINDOW_TRACES_STORE),
                Serdes.String(), SpecificAvroSerde.forClass(TraceSummary.class, serdeConfig, false)));
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.stores().keyValue(WINDOW_PROGRESS_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.stores().keyValue(ALGORITHM_STATE_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.stores().keyValue(LATEST_DECISION_STORE),
                Serdes.String(), SpecificAvroSerde.forClass(ScalingDecision.class, serdeConfig, false)));

        builder.stream(topics.traces.name(),
                        Consumed.with(topics.traces.keySerde(), topics.traces.valueSerde()).withName("traces-source"))
                .selectKey((traceId, trace) -> settings.namespace(), Named.as("key-by-namespace"))
                .repartition(Repartitioned.with(Serdes.String(), topics.traces.valueSerde()).withName("window-input"))
                .process(() -> new WindowDecisionProcessor(settings, algorithmSettings, deployments), Named.as("decide"),
                        WINDOW_TRACES_STORE, WINDOW_PROGRESS_STORE, ALGORITHM_STATE_STORE, LATEST_DECISION_STORE)
                .split(Named.as("decided-"))
                .branch((key, value) -> value instanceof ScalingDecision, Branched.withConsumer(decisions -> decisions
                        .mapValues(value -> (ScalingDecision) value, Named.as("as-decision"))
                        .to(topics.decisions.name(), Produced.with(topics.decisions.keySerde(),
                                topics.decisions.valueSerde()).withName("decisions-sink")), "decisions"))
                .defaultBranch(Branched.withConsumer(stats -> stats
                        .mapValues(value -> (ServiceWindowStats) value, Named.as("as-stats"))
                        .to(topics.serviceStats.name(), Produced.with(topics.serviceStats.keySerde(),
                                topics.serviceStats.valueSerde()).withName("service-stats-sink")), "stats"));
    }
}
