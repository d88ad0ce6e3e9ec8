package io.queueflower.core.scaling;

import io.queueflower.core.safety.DeploymentRef;
import java.util.Map;
import java.util.Optional;

/** What the safety checks need to know about a Deployment besides its replicas. */
public interface DeploymentFacts {
    /** The Deployment's labels, for the label-selector allowlist. */
    Map<String, String> labels(DeploymentRef ref) throws ReplicaTargetException;

    /** The name of a HorizontalPodAutoscaler targeting the Deployment, if any. */
    Optional<String> horizontalPodAutoscaler(DeploymentRef ref) throws ReplicaTargetException;
}
