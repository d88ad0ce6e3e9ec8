package io.queueflower.streams.topology;

import io.queueflower.core.time.IdleClock;
import io.queueflower.schemas.Topics;
import io.queueflower.streams.config.StreamsAppConfig;
import io.queueflower.streams.decode.SpanFormat;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/**
 * The whole application as a function from configuration to {@link Topology}: ingestion, trace assembly, and the
 * window/decision stage, each its own sub-topology joined by a topic (the hand-offs are also the repartitions: spans
 * by traceId, traces by namespace).
 */
public final class QueueFlowerTopology {
    private QueueFlowerTopology() {
    }

    /**
     * Partitions of the topics that feed a stage from several tasks: each stage waits for all of them before it lets
     * traces out or closes a window.
     *
     * @param input partitions of the input topic (the decoding stage)
     * @param spans partitions of qf.spans (the assembly stage, when the input is not keyed by trace)
     */
    public record Partitions(int input, int spans) {
        public static final Partitions ONE = new Partitions(1, 1);

        public Partitions {
            if (input < 1 || spans < 1) {
                throw new IllegalArgumentException("partitions must be >= 1, got input " + input + ", spans " + spans);
            }
        }
    }

    /** The topology for one partition of every topic, as on a TopologyTestDriver (replay, tests). */
    public static Topology build(StreamsAppConfig config) {
        return build(config, Partitions.ONE);
    }

    public static Topology build(StreamsAppConfig config, Partitions partitions) {
        boolean keyedByTrace = config.getBoolean(StreamsAppConfig.INPUT_KEYED_BY_TRACE);
        Topics topics = Topics.create(config.getString(StreamsAppConfig.INPUT_TOPIC), config.serdeConfig());
        StreamsBuilder builder = new StreamsBuilder();
        WindowDecisionTopology.addTo(builder, topics, config.serdeConfig(), new WindowDecisionTopology.Settings(
                        config.getString(StreamsAppConfig.TARGET_NAMESPACE),
                        config.getLong(StreamsAppConfig.WINDOW_SIZE_MS), config.getLong(StreamsAppConfig.WINDOW_GRACE_MS),
                        config.getLong(StreamsAppConfig.WINDOW_IDLE_CLOSE_MS), config.keepExactValues(),
                        StateStores.fromConfigName(config.getString(StreamsAppConfig.STATE_STORES)), config.lateTraces(),
                        keyedByTrace ? partitions.input() : partitions.spans()),
                config.algorithmSettings(), config.deploymentNames());
        Topology topology = builder.build();
        SpanFormat format = SpanFormat.fromCliName(config.getString(StreamsAppConfig.INPUT_FORMAT));
        TraceAssemblyTopology.Settings assembly = new TraceAssemblyTopology.Settings(
                config.getLong(StreamsAppConfig.TRACE_IDLE_MS), config.getLong(StreamsAppConfig.TRACE_MAX_WAIT_MS),
                config.getInt(StreamsAppConfig.TRACE_MAX_SPANS),
                IdleClock.assemblyIdleMs(config.getLong(StreamsAppConfig.WINDOW_IDLE_CLOSE_MS)),
                StateStores.fromConfigName(config.getString(StreamsAppConfig.STATE_STORES)), partitions.input());
        if (keyedByTrace) {
            // Spans of a trace already share a partition: assemble where they are read, one broker hop fewer.
            IngestTopology.addKeyedByTrace(topology, topics, format, TraceAssemblyTopology.PROCESSOR);
            TraceAssemblyTopology.addAfter(topology, IngestTopology.DECODER, topics, config.serdeConfig(), assembly);
        } else {
            IngestTopology.addTo(topology, topics, format,
                    config.getLong(StreamsAppConfig.WINDOW_IDLE_CLOSE_MS) > 0);
            TraceAssemblyTopology.addTo(topology, topics, config.serdeConfig(), assembly);
        }
        return topology;
    }
}
