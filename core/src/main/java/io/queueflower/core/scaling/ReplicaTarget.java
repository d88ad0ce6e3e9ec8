package io.queueflower.core.scaling;

import io.queueflower.core.safety.DeploymentRef;

/**
 * Where replica counts live: a Kubernetes cluster (through the Deployment scale subresource) or a simulated one.
 *
 * <p>An implementation may use the reading of the last {@link #currentReplicas} call for a Deployment as the basis
 * of an optimistic {@link #setReplicas}: if the count changed in between, it throws a
 * {@link ReplicaTargetException.Kind#CONFLICT}, and the caller re-reads and re-plans against the new count.
 */
public interface ReplicaTarget {
    /** The Deployment's desired replicas ({@code spec.replicas}). */
    int currentReplicas(DeploymentRef ref) throws ReplicaTargetException;

    /** Sets the Deployment's desired replicas. */
    void setReplicas(DeploymentRef ref, int replicas) throws ReplicaTargetException;
}
