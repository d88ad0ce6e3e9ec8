package io.queueflower.scaler.kubernetes;

import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.scaling.ReplicaTarget;
import io.queueflower.core.scaling.ReplicaTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and sets Deployment replicas through the {@code deployments/scale} subresource, which needs only the
 * narrow {@code deployments/scale} permission to write and never touches the rest of the Deployment spec.
 */
public final class ScaleSubresourcePatcher implements ReplicaTarget {
    private final KubernetesClient client;
    private final ScaleWriteMethod method;
    private final Map<DeploymentRef, Scale> lastRead = new ConcurrentHashMap<>();

    public ScaleSubresourcePatcher(KubernetesClient client, ScaleWriteMethod method) {
        this.client = client;
        this.method = method;
    }

    @Override
    public int currentReplicas(DeploymentRef ref) throws ReplicaTargetException {
        Scale scale = readScale(ref);
        Integer replicas = scale.getSpec() == null ? null : scale.getSpec().getReplicas();
        // An absent spec.replicas means the API default of 1.
        return replicas == null ? 1 : replicas;
    }

    @Override
    public void setReplicas(DeploymentRef ref, int replicas) throws ReplicaTargetException {
        String what = "set replicas of " + ref + " to " + replicas;
        try {
            if (method == ScaleWriteMethod.PATCH) {
                deployment(ref).subresource("scale")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
                return;
            }
            Scale basis = lastRead.get(ref);
            if (basis == null) {
                basis = readScale(ref);
            }
            Scale written = deployment(ref).scale(new ScaleBuilder(basis).editOrNewSpec().withReplicas(replicas)
                    .endSpec().build());
            if (written != null) {
                lastRead.put(ref, written);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                lastRead.remove(ref);
            }
            throw ApiErrors.classify(what, e);
        }
    }

    private Scale readScale(DeploymentRef ref) throws ReplicaTargetException {
        String what = "read scale of " + ref;
        try {
            Scale scale = deployment(ref).scale();
            if (scale == null) {
                throw ApiErrors.notFound(what);
            }
            lastRead.put(ref, scale);
            return scale;
        } catch (KubernetesClientException e) {
            throw ApiErrors.classify(what, e);
        }
    }

    private io.fabric8.kubernetes.client.dsl.RollableScalableResource<io.fabric8.kubernetes.api.model.apps.Deployment>
    deployment(DeploymentRef ref) {
        return client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name());
    }
}
