package io.queueflower.scaler.kafka;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScaleEvent;
import io.queueflower.avro.ScaleOutcome;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.core.scaling.Decision;
import io.queueflower.core.scaling.ObservedReplicas;
import io.queueflower.core.scaling.ScaleReport;
import java.util.Map;
import java.util.TreeMap;

/** Between the Avro contracts and the core's own values. */
final class AvroMapping {
    private AvroMapping() {
    }

    /**
     * The decision a record carries; a record whose content cannot be a decision (blank id, key not its namespace,
     * null targets) is malformed and goes to the dead-letter topic.
     */
    static Decision decision(String key, ScalingDecision record) {
        if (record.getNamespace() == null || record.getDecisionId() == null) {
            throw new IllegalArgumentException("decision without namespace or decisionId");
        }
        if (key != null && !key.equals(record.getNamespace())) {
            throw new IllegalArgumentException("record key '" + key + "' is not the decision's namespace '"
                    + record.getNamespace() + "'");
        }
        Map<String, Integer> targets = new TreeMap<>();
        record.getTargets().forEach((deployment, replicas) -> targets.put(String.valueOf(deployment), replicas));
        return new Decision(record.getDecisionId(), record.getNamespace(), record.getWindowEnd(),
                record.getAlgorithm(), targets);
    }

    static ScaleEvent scaleEvent(ScaleReport report) {
        return ScaleEvent.newBuilder()
                .setDecisionId(report.decisionId())
                .setNamespace(report.namespace())
                .setDeployment(report.deployment())
                .setPrevious(report.previous())
                .setRequested(report.requested())
                .setApplied(report.applied())
                .setOutcome(ScaleOutcome.valueOf(report.outcome().name()))
                .setClampedBy(report.clampedBy())
                .setError(report.error())
                .setAttempts(report.attempts())
                .setDurationMs(report.durationMs())
                .setReadyAfterMs(report.readyAfterMs())
                .setTimestampMs(report.timestampMs())
                .build();
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
