package io.queueflower.scaler.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.scaling.ReplicaTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ScaleSubresourcePatcherTest {
    static final DeploymentRef CART = new DeploymentRef("shop", "cart");

    KubernetesMockServer server;
    KubernetesClient client;
    KubernetesClient scalerClient;

    @BeforeEach
    void seed() {
        TestObjects.create(client, "shop", "cart", 2);
        scalerClient = KubernetesClients.create(client.getConfiguration(), Duration.ofSeconds(2));
    }

    @AfterEach
    void close() {
        scalerClient.close();
    }

    List<String> requests() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        while (server.getRequestCount() > 0) {
            var request = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (request == null) {
                break;
            }
            lines.add(request.getMethod() + " " + request.getPath());
        }
        return lines;
    }

    @Test
    void updateWritesTheScaleSubresourceWithTheVersionRead() throws Exception {
        ScaleSubresourcePatcher patcher = new ScaleSubresourcePatcher(scalerClient, ScaleWriteMethod.UPDATE);
        assertThat(patcher.currentReplicas(CART)).isEqualTo(2);
        patcher.setReplicas(CART, 5);
        assertThat(TestObjects.replicas(client, "shop", "cart")).isEqualTo(5);
        // The rest of the Deployment is untouched.
        assertThat(client.apps().deployments().inNamespace("shop").withName("cart").get().getSpec().getTemplate()
                .getSpec().getContainers()).hasSize(1);
        assertThat(requests()).contains("GET /apis/apps/v1/namespaces/shop/deployments/cart/scale",
                "PUT /apis/apps/v1/namespaces/shop/deployments/cart/scale");
    }

    @Test
    void updateRefusesToOverwriteAConcurrentChange() throws Exception {
        ScaleSubresourcePatcher patcher = new ScaleSubresourcePatcher(scalerClient, ScaleWriteMethod.UPDATE);
        assertThat(patcher.currentReplicas(CART)).isEqualTo(2);
        client.apps().deployments().inNamespace("shop").withName("cart").scale(7);
        assertThatThrownBy(() -> patcher.setReplicas(CART, 5))
                .isInstanceOfSatisfying(ReplicaTargetException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplicaTargetException.Kind.CONFLICT));
        assertThat(TestObjects.replicas(client, "shop", "cart")).isEqualTo(7);
        // A fresh read is the basis of the next try.
        assertThat(patcher.currentReplicas(CART)).isEqualTo(7);
        patcher.setReplicas(CART, 5);
        assertThat(TestObjects.replicas(client, "shop", "cart")).isEqualTo(5);
    }

    @Test
    void patchWritesAMergePatchOfTheReplicas() throws Exception {
        ScaleSubresourcePatcher patcher = new ScaleSubresourcePatcher(scalerClient, ScaleWriteMethod.PATCH);
        patcher.setReplicas(CART, 4);
        assertThat(TestObjects.replicas(client, "shop", "cart")).isEqualTo(4);
        assertThat(requests()).contains("PATCH /apis/apps/v1/namespaces/shop/deployments/cart/scale");
    }

    @Test
    void aMissingDeploymentIsNotFound() {
        ScaleSubresourcePatcher patcher = new ScaleSubresourcePatcher(scalerClient, ScaleWriteMethod.UPDATE);
        assertThatThrownBy(() -> patcher.currentReplicas(new DeploymentRef("shop", "gone")))
                .isInstanceOfSatisfying(ReplicaTargetException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplicaTargetException.Kind.NOT_FOUND));
    }
}
