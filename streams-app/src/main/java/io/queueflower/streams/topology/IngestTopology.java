package io.queueflower.streams.topology;

import io.queueflower.schemas.Topics;
import io.queueflower.streams.decode.SpanFormat;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;

/**
 * The ingestion stage: {@code input topic → decode-spans → qf.spans | qf.dlq}. Written with the Processor API
 * because a poison record must leave with its source coordinates (topic, partition, offset), which only the
 * processor context knows.
 */
public final class IngestTopology {
    public static final String SOURCE = "ingest-source";
    public static final String DECODER = "decode-spans";
    public static final String SPANS_SINK = "spans-sink";
    public static final String DEAD_LETTER_SINK = "ingest-dlq-sink";

    private IngestTopology() {
    }

    /** Adds the ingestion stage to {@code topology} and returns it. */
    @SuppressWarnings("unchecked")
    public static Topology addTo(Topology topology, Topics topics, SpanFormat format) {
        topology.addSource(SOURCE, topics.input.keySerde().deserializer(), topics.input.valueSerde().deserializer(),
                topics.input.name());
        topology.addProcessor(DECODER,
                () -> new SpanDecodeProcessor(format.decoder(), SPANS_SINK, DEAD_LETTER_SINK), SOURCE);
        topology.addSink(SPANS_SINK, topics.spans.name(),
                (Serializer<Object>) (Serializer<?>) topics.spans.keySerde().serializer(),
                (Serializer<Object>) (Serializer<?>) topics.spans.valueSerde().serializer(), DECODER);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetters.name(),
                (Serializer<Object>) (Serializer<?>) topics.deadLetters.keySerde().serializer(),
                (Serializer<Object>) (Serializer<?>) topics.deadLetters.valueSerde().serializer(), DECODER);
        return topology;
    }

    /** The ingestion stage alone, as its own topology. */
    public static Topology build(Topics topics, SpanFormat format) {
        return addTo(new Topology(), topics, format);
    }
}
