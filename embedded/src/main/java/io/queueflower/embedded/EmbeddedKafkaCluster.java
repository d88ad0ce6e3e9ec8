package io.queueflower.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka cluster (KRaft, broker and controller combined in one process) built with Kafka's own
 * test kit, so integration tests exercise the same broker code that production runs.
 *
 * <p>Internal topics get replication factor 1 because the one node could never satisfy the defaults of 3.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafkaCluster(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts a one-node cluster and waits until its broker is ready (about 2 s here). */
    public static EmbeddedKafkaCluster start() {
        return start(Map.of());
    }

    /** Starts a one-node cluster with extra broker properties. */
    public static EmbeddedKafkaCluster start(Map<String, String> brokerProperties) {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1");
            brokerProperties.forEach(builder::setConfigProp);
            KafkaClusterTestKit kit = builder.build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new EmbeddedKafkaCluster(kit);
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka cluster failed to start: " + e, e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client properties pointing at this cluster, to be extended by the caller. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    public void createTopics(int partitions, String... topics) {
        createTopics(partitions, Map.of(), topics);
    }

    /** Creates topics with the given configs (e.g. cleanup.policy=compact) and waits until they exist. */
    public void createTopics(int partitions, Map<String, String> configs, String... topics) {
        List<NewTopic> newTopics = new ArrayList<>();
        for (String topic : topics) {
            newTopics.add(new NewTopic(topic, partitions, (short) 1).configs(configs));
        }
        createTopics(newTopics);
    }

    /** Creates the topics (e.g. {@code Topics.newTopics(1, (short) 1)}) and waits until they exist. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("creating topics " + topics.stream().map(NewTopic::name).toList()
                    + " failed: " + e, e);
        }
    }

    public Set<String> topicNames() {
        try (Admin admin = Admin.create(clientProperties())) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("listing topics failed: " + e, e);
        }
    }

    public <K, V> KafkaProducer<K, V> producer(Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        Properties props = clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, keySerializer, valueSerializer);
    }

    /** Sends every record and waits for each acknowledgement. */
    public <K, V> void produce(String topic, Serializer<K> keySerializer, Serializer<V> valueSerializer,
                               Collection<ProducerRecord<K, V>> records) {
        try (KafkaProducer<K, V> producer = producer(keySerializer, valueSerializer)) {
            for (ProducerRecord<K, V> record : records) {
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing to " + topic + " failed: " + e, e);
        }
    }

    /** A consumer in a fresh group reading committed records from the beginning. */
    public <K, V> KafkaConsumer<K, V> consumer(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        Properties props = clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, keyDeserializer, valueDeserializer);
    }

    /**
     * Reads {@code topic} from the beginning until {@code done} holds for everything read so far, or fails after
     * {@code timeout} with what was read, so a failing test shows how far it got.
     */
    public <K, V> List<ConsumerRecord<K, V>> readUntil(String topic, Deserializer<K> keyDeserializer,
                                                       Deserializer<V> valueDeserializer,
                                                       Predicate<List<ConsumerRecord<K, V>>> done,
                                                       Duration timeout) {
        List<ConsumerRecord<K, V>> read = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<K, V> consumer = consumer(keyDeserializer, valueDeserializer)) {
            consumer.subscribe(List.of(topic));
            while (!done.test(read)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout + " reading " + topic
                            + "; got " + read.size() + " records: " + read);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    /** Reads until at least {@code count} records arrived. */
    public <K, V> List<ConsumerRecord<K, V>> readAtLeast(String topic, int count, Deserializer<K> keyDeserializer,
                                                         Deserializer<V> valueDeserializer, Duration timeout) {
        return readUntil(topic, keyDeserializer, valueDeserializer, r -> r.size() >= count, timeout);
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka cluster failed to stop: " + e, e);
        }
    }
}
