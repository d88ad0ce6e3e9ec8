package io.queueflower.scaler.kubernetes;

import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.scaling.ObservedReplicas;
import io.queueflower.core.scaling.ReplicaStatusSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every replica state published, in order. */
final class RecordingSink implements ReplicaStatusSink {
    final List<ObservedReplicas> observed = new CopyOnWriteArrayList<>();
    final List<DeploymentRef> deleted = new CopyOnWriteArrayList<>();

    @Override
    public void observed(ObservedReplicas replicas) {
        observed.add(replicas);
    }

    @Override
    public void deleted(DeploymentRef deployment) {
        deleted.add(deployment);
    }

    List<ObservedReplicas> of(String key) {
        return observed.stream().filter(o -> o.deployment().key().equals(key)).toList();
    }
}
