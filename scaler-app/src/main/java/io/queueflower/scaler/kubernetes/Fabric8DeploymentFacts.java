package io.queueflower.scaler.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.scaling.DeploymentFacts;
import io.queueflower.core.scaling.ReplicaTargetException;
import java.util.Map;
import java.util.Optional;

/**
 * Labels are read fresh from the API server, because the allowlist decision must not rest on a cache that may lag a
 * relabelling. Autoscalers are found in the informer cache and each candidate is confirmed with a fresh read: a
 * Deployment skipped on the word of a stale cache would lose its decision.
 */
public final class Fabric8DeploymentFacts implements DeploymentFacts {
    private final KubernetesClient client;
    private final DeploymentWatcher watcher;

    public Fabric8DeploymentFacts(KubernetesClient client, DeploymentWatcher watcher) {
        this.client = client;
        this.watcher = watcher;
    }

    @Override
    public Map<String, String> labels(DeploymentRef ref) throws ReplicaTargetException {
        String what = "read labels of " + ref;
        try {
            Deployment deployment = client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get();
            if (deployment == null) {
                throw ApiErrors.notFound(what);
            }
            Map<String, String> labels = deployment.getMetadata().getLabels();
            return labels == null ? Map.of() : Map.copyOf(labels);
        } catch (KubernetesClientException e) {
            throw ApiErrors.classify(what, e);
        }
    }

    @Override
    public Optional<String> horizontalPodAutoscaler(DeploymentRef ref) throws ReplicaTargetException {
        for (String name : watcher.autoscalersTargeting(ref)) {
            String what = "read HorizontalPodAutoscaler " + ref.namespace() + "/" + name;
            try {
                HorizontalPodAutoscaler hpa = client.autoscaling().v2().horizontalPodAutoscalers()
                        .inNamespace(ref.namespace()).withName(name).get();
                if (hpa != null && DeploymentWatcher.target(hpa).filter(ref::equals).isPresent()) {
                    return Optional.of(name);
                }
            } catch (KubernetesClientException e) {
                throw ApiErrors.classify(what, e);
            }
        }
        return Optional.empty();
    }
}
