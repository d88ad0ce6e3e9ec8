package io.queueflower.simulator.cluster;

import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.scaling.DeploymentFacts;
import io.queueflower.core.scaling.ReplicaTarget;
import io.queueflower.core.scaling.ReplicaTargetException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The simulated cluster behind the scaler's own port: the scaler's {@code DecisionApplier} (safety rules, ledger,
 * retries) drives the simulator exactly as it drives the Kubernetes scale subresource. Deployments that are not
 * simulated services are {@link ReplicaTargetException.Kind#NOT_FOUND}, as a missing Deployment is in Kubernetes.
 */
public final class SimulatedCluster implements ReplicaTarget {
    /** What the scaler asks of a Deployment besides its replicas: a simulated one has no labels and no HPA. */
    public static final DeploymentFacts FACTS = new DeploymentFacts() {
        @Override
        public Map<String, String> labels(DeploymentRef ref) {
            return Map.of();
        }

        @Override
        public Optional<String> horizontalPodAutoscaler(DeploymentRef ref) {
            return Optional.empty();
        }
    };

    private final SimulatedDeployments deployments;

    public SimulatedCluster(SimulatedDeployments deployments) {
        this.deployments = Objects.requireNonNull(deployments, "deployments");
    }

    public SimulatedDeployments deployments() {
        return deployments;
    }

    @Override
    public int currentReplicas(DeploymentRef ref) throws ReplicaTargetException {
        try {
            return deployments.replicas(ref.namespace(), ref.name());
        } catch (SimulatedDeployments.UnknownDeploymentException e) {
            throw new ReplicaTargetException(ReplicaTargetException.Kind.NOT_FOUND, e.getMessage(), e);
        }
    }

    @Override
    public void setReplicas(DeploymentRef ref, int replicas) throws ReplicaTargetException {
        if (replicas < 0) {
            throw new ReplicaTargetException(ReplicaTargetException.Kind.REJECTED,
                    "replicas of " + ref + " must be >= 0, got " + replicas);
        }
        try {
            deployments.setReplicas(ref.namespace(), ref.name(), replicas);
        } catch (SimulatedDeployments.UnknownDeploymentException e) {
            throw new ReplicaTargetException(ReplicaTargetException.Kind.NOT_FOUND, e.getMessage(), e);
        }
    }
}
