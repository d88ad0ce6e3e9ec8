package io.queueflower.simulator.export;

import io.queueflower.avro.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces every trace's records to a Kafka topic, keyed by the trace id (hex), as jaeger-collector and the OTel
 * Collector's kafka exporter (with partitioning by trace id) key theirs, so one trace lands in one partition.
 *
 * <p>A failed send is remembered and rethrown on the next accept or on close, so a broken sink stops the run instead
 * of silently dropping traces.
 */
public final class KafkaTraceSink implements TraceSink {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final TraceEncoder encoder;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long records;

    public KafkaTraceSink(String bootstrapServers, String topic, TraceEncoder encoder, Map<String, String> extra) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "queueflower-simulator");
        properties.putAll(extra);
        this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.encoder = encoder;
    }

    /** Over a producer the caller configured (and may bind metrics to), or Kafka's MockProducer in tests. */
    public KafkaTraceSink(Producer<byte[], byte[]> producer, String topic, TraceEncoder encoder) {
        this.producer = producer;
        this.topic = topic;
        this.encoder = encoder;
    }

    @Override
    public void accept(List<Span> trace) throws IOException {
        rethrow();
        if (trace.isEmpty()) {
            return;
        }
        byte[] key = trace.get(0).getTraceId().getBytes(StandardCharsets.UTF_8);
        for (byte[] record : encoder.records(trace)) {
            producer.send(new ProducerRecord<>(topic, key, record), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
            records++;
        }
    }

    @Override
    public long records() {
        return records;
    }

    @Override
    public void close() throws IOException {
        try {
            producer.flush();
        } finally {
            producer.close();
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        Exception error = failure.get();
        if (error != null) {
            throw new IOException("producing spans to topic " + topic + " failed: " + error.getMessage(), error);
        }
    }
}
