package io.queueflower.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterTest {
    @Test
    void producesAndConsumesThroughARealBroker() {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            kafka.createTopics(2, "probe");
            assertThat(kafka.topicNames()).contains("probe");
            kafka.produce("probe", new StringSerializer(), new StringSerializer(),
                    List.of(new ProducerRecord<>("probe", "k1", "v1"), new ProducerRecord<>("probe", "k2", "v2")));
            List<ConsumerRecord<String, String>> read = kafka.readAtLeast("probe", 2,
                    new StringDeserializer(), new StringDeserializer(), Duration.ofSeconds(30));
            assertThat(read).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("v1", "v2");
        }
    }
}
