package io.queueflower.scaler.kafka;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.scaling.ObservedReplicas;
import io.queueflower.core.scaling.ReplicaStatusSink;
import io.queueflower.schemas.Topics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes observed replicas to the compacted qf.replicas topic keyed {@code namespace/deployment}; a deleted
 * Deployment gets a tombstone, so compaction forgets it and the streams app stops counting it.
 */
public final class ReplicaStatusPublisher implements ReplicaStatusSink {
    private static final Logger log = LoggerFactory.getLogger(ReplicaStatusPublisher.class);

    private final Producer<String, byte[]> producer;
    private final Topics topics;

    public ReplicaStatusPublisher(Producer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    @Override
    public void observed(ObservedReplicas replicas) {
        ReplicaStatus status = AvroMapping.replicaStatus(replicas);
        byte[] value = topics.replicas.valueSerde().serializer().serialize(topics.replicas.name(), status);
        send(replicas.deployment(), value);
    }

    @Override
    public void deleted(DeploymentRef deployment) {
        send(deployment, null);
    }

    private void send(DeploymentRef deployment, byte[] value) {
        producer.send(new ProducerRecord<>(topics.replicas.name(), deployment.key(), value), (metadata, error) -> {
            if (error != null) {
                // The next change of the Deployment publishes its full state again; nothing is lost for good.
                log.warn("Could not publish replicas of {} to {}: {}", deployment, topics.replicas.name(),
                        error.toString());
            }
        });
    }
}
