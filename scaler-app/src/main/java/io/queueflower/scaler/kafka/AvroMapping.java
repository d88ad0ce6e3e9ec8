package io.queueflower.scaler.kafka;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScaleEvent;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.core.scaling.ObservedReplicas;
import io.queueflower.core.scaling.ScaleReport;
import io.queueflower.core.scaling.ScaleRequest;

/** Between the Avro contracts and the core's own values. */
final class AvroMapping {
    private AvroMapping() {
    }

    /**
     * The decision a record carries; a record whose content cannot be a decision (blank id, key not its namespace,
     * null targets) is malformed and goes to the dead-letter topic.
     */
    static ScaleRequest decision(String key, ScalingDecision record) {
        return ScaleRequest.of(key, record);
    }

    static ScaleEvent scaleEvent(ScaleReport report) {
        return report.toScaleEvent();
    }

    static ReplicaStatus replicaStatus(ObservedReplicas observed) {
        return ReplicaStatus.newBuilder()
                .setNamespace(observed.deployment().namespace())
                .setDeployment(observed.deployment().name())
                .setSpecReplicas(observed.specReplicas())
                .setReadyReplicas(observed.readyReplicas())
                .setAvailableReplicas(observed.availableReplicas())
                .setHpaManaged(observed.hpaManaged())
                .setObservedAtMs(observed.observedAtMs())
                .build();
    }
}
