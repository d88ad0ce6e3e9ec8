package io.queueflower.streams.ingest;

import io.queueflower.avro.Span;
import io.queueflower.schemas.serde.SpecificAvroSerde;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces canonical spans, Avro in the Confluent wire format and keyed by traceId, to a topic inside one Kafka
 * transaction: {@link #commit()} commits it, closing without commit aborts it, so a file that fails half-way leaves
 * nothing visible to read_committed consumers (the streams app reads that way under exactly_once_v2).
 */
public final class KafkaSpanSink implements SpanSink {
    private final KafkaProducer<String, Span> producer;
    private final String topic;
    private boolean committed;

    private KafkaSpanSink(KafkaProducer<String, Span> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * @param clientConfig producer and serde settings: bootstrap.servers, schema.registry.url, security keys, ...
     */
    public static KafkaSpanSink open(Map<String, Object> clientConfig, String topic) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "queueflower-ingest-" + UUID.randomUUID());
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        Map<String, Object> serdeConfig = new HashMap<>();
        clientConfig.forEach((k, v) -> {
            if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.") || k.equals("auto.register.schemas")
                    || k.equals("use.latest.version")) {
                serdeConfig.put(k, v);
            }
        });
        props.keySet().removeAll(serdeConfig.keySet());
        KafkaProducer<String, Span> producer = new KafkaProducer<>(props, new StringSerializer(),
                SpecificAvroSerde.forClass(Span.class, serdeConfig, false).serializer());
        try {
            producer.initTransactions();
            producer.beginTransaction();
        } catch (KafkaException e) {
            producer.close();
            throw e;
        }
        return new KafkaSpanSink(producer, topic);
    }

    @Override
    public void write(Span span) throws IOException {
        try {
            producer.send(new ProducerRecord<>(topic, null, (span.getStartMicros() + span.getDurationMicros()) / 1000,
                    span.getTraceId(), span));
        } catch (KafkaException e) {
            throw new IOException("producing span " + span.getSpanId() + " of trace " + span.getTraceId() + " to "
                    + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void commit() throws IOException {
        try {
            producer.commitTransaction();
            committed = true;
        } catch (KafkaException e) {
            throw new IOException("committing the spans to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (!committed) {
                producer.abortTransaction();
            }
        } catch (KafkaException e) {
            // The transaction is lost either way; closing must still release the producer.
        } finally {
            producer.close();
        }
    }
}
