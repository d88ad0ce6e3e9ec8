package io.queueflower.streams.app;

import io.queueflower.schemas.Topics;
import io.queueflower.streams.config.StreamsAppConfig;
import io.queueflower.streams.topology.QueueFlowerTopology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How many partitions feed the assembly and window stages, asked of the broker at start: each stage waits for every
 * one of them before it lets traces out or closes a window. The topology cannot learn it from its records (a partition that has sent
 * nothing yet is exactly the one that must be waited for), and Kafka Streams does not hand partition counts to
 * processors.
 */
final class UpstreamPartitions {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private UpstreamPartitions() {
    }

    static QueueFlowerTopology.Partitions resolve(StreamsAppConfig config) {
        Topics topics = Topics.create(config.getString(StreamsAppConfig.INPUT_TOPIC), config.serdeConfig());
        Map<String, Object> admin = new StreamsConfig(config.streamsProperties()).getAdminConfigs("queueflower-setup");
        try (Admin client = Admin.create(admin)) {
            int input = partitions(client, config, topics.input.name());
            int spans = config.getBoolean(StreamsAppConfig.INPUT_KEYED_BY_TRACE) ? 1
                    : partitions(client, config, topics.spans.name());
            return new QueueFlowerTopology.Partitions(input, spans);
        }
    }

    private static int partitions(Admin client, StreamsAppConfig config, String topic) {
        try {
            TopicDescription description = client.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ConfigException("topic '" + topic + "' does not exist on "
                        + config.streamsProperties().get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + "; create the pipeline's topics first (k8s/components/strimzi-topics, or ./queueflower "
                        + "demo which creates them on its embedded broker)");
            }
            throw new IllegalStateException("could not describe topic '" + topic + "': " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the broker within " + TIMEOUT.toSeconds()
                    + " s when asking for the partitions of topic '" + topic + "' ("
                    + config.streamsProperties().get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the partitions of topic '" + topic + "'", e);
        }
    }
}
