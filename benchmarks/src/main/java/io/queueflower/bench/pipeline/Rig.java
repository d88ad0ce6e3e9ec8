package io.queueflower.bench.pipeline;

import io.queueflower.bench.data.SyntheticTraces;
import io.queueflower.embedded.EmbeddedKafkaCluster;
import io.queueflower.schemas.Topics;
import io.queueflower.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** One in-process broker with the pipeline's topics, a mock schema registry scope and a state directory. */
final class Rig implements AutoCloseable {
    static final String NAMESPACE = "hotel";
    static final long WINDOW_MS = 2_000;
    static final long GRACE_MS = 1_000;
    static final long IDLE_MS = 1_000;
    static final long MAX_WAIT_MS = 5_000;

    final EmbeddedKafkaCluster kafka;
    final Topics topics;
    final String registry;
    final Path stateDir;
    final int partitions;

    private Rig(EmbeddedKafkaCluster kafka, Topics topics, String registry, Path stateDir, int partitions) {
        this.kafka = kafka;
        this.topics = topics;
        this.registry = registry;
        this.stateDir = stateDir;
        this.partitions = partitions;
    }

    static Rig start(String name, int partitions) throws IOException {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start();
        String registry = "mock://bench-" + name + "-" + System.nanoTime();
        Topics topics = Topics.create(Map.of("schema.registry.url", registry));
        kafka.createTopics(topics.newTopics(partitions, (short) 1));
        return new Rig(kafka, topics, registry, Files.createTempDirectory("qf-bench-state-"), partitions);
    }

    /** The app's configuration for this rig: short windows so a run of a minute sees many of them. */
    StreamsAppConfig appConfig(String applicationId, int threads, String guarantee, String format,
                               Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("schema.registry.url", registry);
        settings.put("application.id", applicationId);
        settings.put("processing.guarantee", guarantee);
        settings.put("num.stream.threads", Integer.toString(threads));
        settings.put("state.dir", stateDir.toString());
        settings.put(StreamsAppConfig.INPUT_FORMAT, format);
        settings.put(StreamsAppConfig.HTTP_PORT, "0");
        settings.put(StreamsAppConfig.HTTP_HOST, "127.0.0.1");
        settings.put(StreamsAppConfig.TRACE_IDLE_MS, Long.toString(IDLE_MS));
        settings.put(StreamsAppConfig.TRACE_MAX_WAIT_MS, Long.toString(MAX_WAIT_MS));
        settings.put(StreamsAppConfig.WINDOW_SIZE_MS, Long.toString(WINDOW_MS));
        settings.put(StreamsAppConfig.WINDOW_GRACE_MS, Long.toString(GRACE_MS));
        settings.put(StreamsAppConfig.TARGET_NAMESPACE, NAMESPACE);
        settings.putAll(extra);
        return new StreamsAppConfig(settings);
    }

    KafkaProducer<byte[], byte[]> producer() {
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends trace {@code n} as one OTLP record whose root ends at {@code endMicros}. */
    static ProducerRecord<byte[], byte[]> traceRecord(String topic, long n, long salt, long endMicros, boolean withRoot) {
        byte[] value = SyntheticTraces.otlp(n, salt, endMicros, withRoot).toByteArray();
        // Keyed by trace id, as the OTel Collector's exporter does with partition_traces_by_id.
        return new ProducerRecord<>(topic, null, endMicros / 1000, SyntheticTraces.traceId(n, salt), value);
    }

    long stateDirBytes() {
        try (Stream<Path> files = Files.walk(stateDir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a file RocksDB deleted while we walked
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kafka.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is not worth failing the run for
        }
    }
}
