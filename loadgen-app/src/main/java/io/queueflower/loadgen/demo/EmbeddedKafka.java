package io.queueflower.loadgen.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker (KRaft, broker and controller combined) inside this JVM, in a temporary directory that
 * closing deletes. Built with Kafka's own test kit so the demo runs the real broker code without any installation.
 *
 * <p>Internal topics get replication factor 1 and one partition: one node cannot satisfy the defaults of 3, and
 * one partition keeps the broker's thread and file count low on a small machine.
 */
final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static EmbeddedKafka start() {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    // Span timestamps run ahead of the wall clock by the speed-up; the default (1 h) would reject
                    // the records of longer or faster runs as too far in the future.
                    .setConfigProp("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE))
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new EmbeddedKafka(kit);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka broker failed to start: " + e, e);
        }
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates the topics (one partition each, so span order is kept) and waits until they exist. */
    void createTopics(List<NewTopic> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("creating topics on the embedded broker failed: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka broker failed to stop: " + e, e);
        }
    }
}
