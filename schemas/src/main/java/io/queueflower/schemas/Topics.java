package io.queueflower.schemas;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScaleEvent;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.avro.Span;
import io.queueflower.avro.TraceSummary;
import io.queueflower.schemas.serde.SpecificAvroSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline, declared once with its name, key and value serdes and retention policy; apps and
 * tests reference topics only through this catalogue.
 *
 * <p>Only the input topic's name is configurable by default, because it belongs to the tracing stack
 * (jaeger-collector's {@code KAFKA_PRODUCER_TOPIC}, the OpenTelemetry Collector's kafka exporter {@code topic});
 * the {@code qf.*} topics belong to this project.
 */
public final class Topics {
    public static final String DEFAULT_INPUT = "jaeger-spans";

    /** A topic and how its records are (de)serialised. */
    public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted) {
    }

    /** Raw span records as the tracing stack wrote them: protobuf or JSON, decoded by the ingestion stage. */
    public final Topic<byte[], byte[]> input;
    /** Canonical spans keyed by traceId. */
    public final Topic<String, Span> spans;
    /** Assembled traces keyed by traceId. */
    public final Topic<String, TraceSummary> traces;
    /** Per (service, flow) window statistics keyed by {@code service|flow}. */
    public final Topic<String, ServiceWindowStats> serviceStats;
    /** Scaling decisions keyed by namespace. */
    public final Topic<String, ScalingDecision> decisions;
    /** Observed replicas keyed by {@code namespace/deployment}; compacted so the latest state per key survives. */
    public final Topic<String, ReplicaStatus> replicas;
    /** Outcome of every scale attempt keyed by {@code namespace/deployment}. */
    public final Topic<String, ScaleEvent> scaleEvents;
    /** Records that could not be processed, unchanged, with {@link DeadLetters} headers. */
    public final Topic<byte[], byte[]> deadLetters;

    private Topics(String inputTopic, Map<String, ?> serdeConfig) {
        input = new Topic<>(inputTopic, Serdes.ByteArray(), Serdes.ByteArray(), false);
        spans = avro("qf.spans", Span.class, serdeConfig, false);
        traces = avro("qf.traces", TraceSummary.class, serdeConfig, false);
        serviceStats = avro("qf.service-stats", ServiceWindowStats.class, serdeConfig, false);
        decisions = avro("qf.decisions", ScalingDecision.class, serdeConfig, false);
        replicas = avro("qf.replicas", ReplicaStatus.class, serdeConfig, true);
        scaleEvents = avro("qf.scale-events", ScaleEvent.class, serdeConfig, false);
        deadLetters = new Topic<>("qf.dlq", Serdes.ByteArray(), Serdes.ByteArray(), false);
    }

    /**
     * The catalogue with serdes configured from {@code serdeConfig}, which must name {@code schema.registry.url}
     * ({@code mock://scope} for an in-process registry).
     */
    public static Topics create(String inputTopic, Map<String, ?> serdeConfig) {
        return new Topics(inputTopic, serdeConfig);
    }

    public static Topics create(Map<String, ?> serdeConfig) {
        return create(DEFAULT_INPUT, serdeConfig);
    }

    /** All topics, for creating them (demo, tests, Strimzi manifests). */
    public List<Topic<?, ?>> all() {
        return List.of(input, spans, traces, serviceStats, decisions, replicas, scaleEvents, deadLetters);
    }

    /**
     * Every catalogue topic, ready for {@code Admin.createTopics}: the span-carrying topics get {@code partitions},
     * decisions and replicas one partition (they are keyed per namespace, and a scaler must see one namespace's
     * decisions in order), compacted topics {@code cleanup.policy=compact}. The demo, the tests and the benchmarks
     * create their topics from here; {@code k8s/components/strimzi-topics} declares the same set.
     */
    public List<NewTopic> newTopics(int partitions, short replicationFactor) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?, ?> topic : all()) {
            int count = topic == decisions || topic == replicas ? 1 : partitions;
            topics.add(new NewTopic(topic.name(), count, replicationFactor)
                    .configs(topic.compacted() ? Map.of("cleanup.policy", "compact") : Map.of()));
        }
        return topics;
    }

    private static <V extends SpecificRecord> Topic<String, V> avro(String name, Class<V> type,
                                                                    Map<String, ?> serdeConfig, boolean compacted) {
        return new Topic<>(name, Serdes.String(), SpecificAvroSerde.forClass(type, serdeConfig, false), compacted);
    }
}
