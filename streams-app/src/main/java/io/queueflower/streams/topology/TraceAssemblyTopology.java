package io.queueflower.streams.topology;

import io.queueflower.avro.internal.SpanChunk;
import io.queueflower.avro.internal.TraceMeta;
import io.queueflower.core.trace.TraceCompletion;
import io.queueflower.schemas.Topics;
import io.queueflower.schemas.serde.SpecificAvroSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** The assembly stage: {@code qf.spans → assemble-traces [trace-*] → qf.traces}. */
public final class TraceAssemblyTopology {
    public static final String SOURCE = "spans-source";
    public static final String PROCESSOR = "assemble-traces";
    public static final String SINK = "traces-sink";

    /** Names of the stage's stores. */
    public record Names(String chunks, String metas, String counters) {
        public static final Names DEFAULT = new Names("trace-span-chunks", "trace-meta", "trace-counters");
    }

    /**
     * Assembly settings, from {@code trace.*} keys.
     *
     * @param flushIdleMs wall-clock silence after which pending traces are let out as time moves with the wall clock
     *                    ({@link io.queueflower.core.time.IdleClock#assemblyIdleMs}); 0 disables
     * @param upstreamPartitions partitions of the decoding stage, whose progress marks come through qf.spans
     */
    public record Settings(long idleMs, long maxWaitMs, int maxSpans, long flushIdleMs, StateStores stores,
                           int upstreamPartitions) {
    }

    private TraceAssemblyTopology() {
    }

    /** Adds the assembly stage reading qf.spans. */
    public static Topology addTo(Topology topology, Topics topics, Map<String, ?> serdeConfig, Settings settings) {
        topology.addSource(SOURCE, topics.spans.keySerde().deserializer(), topics.spans.valueSerde().deserializer(),
                topics.spans.name());
        return add(topology, SOURCE, topics, serdeConfig, settings, false);
    }

    /** Adds the assembly stage as the child of {@code parent}, which forwards spans keyed by trace id to it. */
    public static Topology addAfter(Topology topology, String parent, Topics topics, Map<String, ?> serdeConfig,
                                    Settings settings) {
        return add(topology, parent, topics, serdeConfig, settings, true);
    }

    private static Topology add(Topology topology, String parent, Topics topics, Map<String, ?> serdeConfig,
                                Settings settings, boolean sameTaskAsDecoder) {
        Names names = Names.DEFAULT;
        topology.addProcessor(PROCESSOR, () -> new TraceAssemblyProcessor(names,
                new TraceCompletion(settings.idleMs(), settings.maxWaitMs(), settings.maxSpans()),
                settings.flushIdleMs(), settings.upstreamPartitions(), sameTaskAsDecoder), parent);
        // Written back once per commit: a trace's state changes with each of its spans, which mostly arrive together.
        topology.addStateStore(WriteBackStore.builder(settings.stores().keyValue(names.chunks()),
                SpecificAvroSerde.forClass(SpanChunk.class, serdeConfig, false)), PROCESSOR);
        topology.addStateStore(WriteBackStore.builder(settings.stores().keyValue(names.metas()),
                SpecificAvroSerde.forClass(TraceMeta.class, serdeConfig, false)), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(settings.stores().keyValue(names.counters()),
                Serdes.String(), Serdes.Long()), PROCESSOR);
        topology.addSink(SINK, topics.traces.name(), topics.traces.keySerde().serializer(),
                topics.traces.valueSerde().serializer(), PROCESSOR);
        return topology;
    }
}
