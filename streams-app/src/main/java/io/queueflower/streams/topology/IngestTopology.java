package io.queueflower.streams.topology;

import io.queueflower.schemas.Topics;
import io.queueflower.streams.decode.SpanFormat;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;

/**
 * The ingestion stage: {@code input topic → decode-spans → qf.spans | qf.dlq}, or, for an input already keyed by
 * trace id, {@code input topic → decode-spans → assembly | qf.dlq}. Written with the Processor API
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

    /**
     * Adds the ingestion stage to {@code topology} and returns it: decoded spans go to qf.spans, with progress marks
     * to every partition (see {@link SpanDecodeProcessor}).
     *
     * @param quietMarks say so when a partition's input has been quiet for a few seconds of wall-clock time; off when
     *                   the pipeline runs on event time only ({@code window.idle.close.ms=0}), where a partition that
     *                   wakes with old spans after a quiet spell would find windows already closed on the others
     */
    public static Topology addTo(Topology topology, Topics topics, SpanFormat format, boolean quietMarks) {
        addSourceAndDecoder(topology, topics, format, SPANS_SINK, false, quietMarks);
        addSpansSink(topology, topics);
        return topology;
    }

    /**
     * Adds the ingestion stage for an input already keyed by trace id: decoded spans go straight to the processor
     * named {@code assembly}, added next as the decoder's child, with no qf.spans repartition; a record that breaks
     * the assumption goes to the dead-letter topic.
     */
    public static Topology addKeyedByTrace(Topology topology, Topics topics, SpanFormat format, String assembly) {
        return addSourceAndDecoder(topology, topics, format, assembly, true, false);
    }

    @SuppressWarnings("unchecked")
    private static Topology addSourceAndDecoder(Topology topology, Topics topics, SpanFormat format, String spansTo,
                                                boolean keyedByTrace, boolean quietMarks) {
        topology.addSource(SOURCE, topics.input.keySerde().deserializer(), topics.input.valueSerde().deserializer(),
                topics.input.name());
        topology.addProcessor(DECODER,
                () -> new SpanDecodeProcessor(format.decoder(), spansTo, DEAD_LETTER_SINK, keyedByTrace,
                        quietMarks),
                SOURCE);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetters.name(),
                (Serializer<Object>) (Serializer<?>) topics.deadLetters.keySerde().serializer(),
                (Serializer<Object>) (Serializer<?>) topics.deadLetters.valueSerde().serializer(), DECODER);
        return topology;
    }

    @SuppressWarnings("unchecked")
    private static void addSpansSink(Topology topology, Topics topics) {
        topology.addSink(SPANS_SINK, topics.spans.name(),
                (Serializer<Object>) (Serializer<?>) topics.spans.keySerde().serializer(),
                (Serializer<Object>) (Serializer<?>) topics.spans.valueSerde().serializer(), new SpanPartitioner(),
                DECODER);
    }

    /** The ingestion stage alone, as its own topology, with quiet marks. */
    public static Topology build(Topics topics, SpanFormat format) {
        return addTo(new Topology(), topics, format, true);
    }
}
