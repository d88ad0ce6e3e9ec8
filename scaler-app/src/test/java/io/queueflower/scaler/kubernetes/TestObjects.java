package io.queueflower.scaler.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** Kubernetes objects for the mock API server. */
final class TestObjects {
    private TestObjects() {
    }

    static Deployment deployment(String namespace, String name, int replicas, Map<String, String> labels) {
        return new DeploymentBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("example/" + name + ":1").endContainer()
                .endSpec().endTemplate()
                .endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .endStatus()
                .build();
    }

    static Deployment create(KubernetesClient client, String namespace, String name, int replicas) {
        return create(client, namespace, name, replicas, Map.of("app", name));
    }

    static Deployment create(KubernetesClient client, String namespace, String name, int replicas,
                             Map<String, String> labels) {
        return client.resource(deployment(namespace, name, replicas, labels)).create();
    }

    static HorizontalPodAutoscaler hpa(String namespace, String name, String deployment) {
        return new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withMinReplicas(1).withMaxReplicas(10)
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(deployment)
                .endScaleTargetRef().endSpec()
                .build();
    }

    static int replicas(KubernetesClient client, String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get().getSpec().getReplicas();
    }

    /** Plays the Deployment controller: all requested replicas become ready and available. */
    static void becomeAvailable(KubernetesClient client, String namespace, String name) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        int replicas = deployment.getSpec().getReplicas();
        deployment.getStatus().setReplicas(replicas);
        deployment.getStatus().setReadyReplicas(replicas);
        deployment.getStatus().setAvailableReplicas(replicas);
        client.resource(deployment).updateStatus();
    }
}
