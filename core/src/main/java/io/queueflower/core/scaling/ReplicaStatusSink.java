package io.queueflower.core.scaling;

import io.queueflower.core.safety.DeploymentRef;

/** Receives the replica state of watched Deployments (published to qf.replicas by the Kafka adapter). */
public interface ReplicaStatusSink {
    void observed(ObservedReplicas replicas);

    /** The Deployment is gone. */
    void deleted(DeploymentRef deployment);
}
