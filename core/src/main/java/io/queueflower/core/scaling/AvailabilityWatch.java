package io.queueflower.core.scaling;

import io.queueflower.core.safety.DeploymentRef;
import java.util.concurrent.CompletableFuture;

/** Tells when a Deployment's available replicas reach a count (the readiness wait after a scale). */
public interface AvailabilityWatch {
    /** Completes once {@code status.availableReplicas == replicas}; the caller applies its own timeout. */
    CompletableFuture<Void> whenAvailable(DeploymentRef ref, int replicas);
}
