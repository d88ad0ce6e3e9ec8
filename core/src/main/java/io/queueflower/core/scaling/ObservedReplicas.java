package io.queueflower.core.scaling;

import io.queueflower.core.safety.DeploymentRef;

/** What the cluster says about one Deployment's replicas at one moment (what becomes a ReplicaStatus). */
public record ObservedReplicas(DeploymentRef deployment, int specReplicas, int readyReplicas, int availableReplicas,
                               boolean hpaManaged, long observedAtMs) {
    /** Same observation apart from its time: nothing worth publishing again. */
    public boolean sameStateAs(ObservedReplicas other) {
        return other != null && deployment.equals(other.deployment) && specReplicas == other.specReplicas
                && readyReplicas == other.readyReplicas && availableReplicas == other.availableReplicas
                && hpaManaged == other.hpaManaged;
    }
}
