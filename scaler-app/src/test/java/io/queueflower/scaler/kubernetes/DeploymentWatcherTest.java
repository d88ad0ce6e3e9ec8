package io.queueflower.scaler.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.scaling.ObservedReplicas;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class DeploymentWatcherTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void publishesEveryDeploymentOfTheWatchedNamespacesOnStartAndOnEveryChange() throws Exception {
        TestObjects.create(client, "shop", "cart", 2);
        TestObjects.create(client, "blog", "web", 1);
        TestObjects.create(client, "other", "x", 1);
        RecordingSink sink = new RecordingSink();
        try (KubernetesClient scalerClient = KubernetesClients.create(client.getConfiguration(), Duration.ofSeconds(2));
             DeploymentWatcher watcher = new DeploymentWatcher(scalerClient, Set.of("shop", "blog"), sink,
                     Clock.systemUTC())) {
            watcher.start();
            assertThat(watcher.synced()).isTrue();
            assertThat(sink.observed).extracting(o -> o.deployment().key())
                    .containsExactlyInAnyOrder("shop/cart", "blog/web");
            assertThat(sink.of("shop/cart").get(0)).satisfies(o -> {
                assertThat(o.specReplicas()).isEqualTo(2);
                assertThat(o.availableReplicas()).isEqualTo(2);
                assertThat(o.hpaManaged()).isFalse();
            });

            client.apps().deployments().inNamespace("shop").withName("cart").scale(4);
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.of("shop/cart").size() == 2);
            assertThat(sink.of("shop/cart").get(1).specReplicas()).isEqualTo(4);
            assertThat(sink.of("shop/cart").get(1).availableReplicas()).isEqualTo(2);

            TestObjects.becomeAvailable(client, "shop", "cart");
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.of("shop/cart").size() == 3);
            assertThat(sink.of("shop/cart").get(2).availableReplicas()).isEqualTo(4);

            // An autoscaler taking the Deployment over changes its hpaManaged flag.
            client.resource(TestObjects.hpa("shop", "cart-hpa", "cart")).create();
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.of("shop/cart").size() == 4);
            assertThat(sink.of("shop/cart").get(3).hpaManaged()).isTrue();

            // An update that changes nothing the topic carries publishes nothing.
            var cart = client.apps().deployments().inNamespace("shop").withName("cart").get();
            cart.getMetadata().getAnnotations().put("touched", "yes");
            client.resource(cart).update();
            client.apps().deployments().inNamespace("blog").withName("web").delete();
            // Once the markers' events have arrived, so have all earlier ones (the annotation update among them),
            // and no event is in flight when the watches close.
            QuietWatches.settle(client, watcher, "shop");
            QuietWatches.settle(client, watcher, "blog");
            assertThat(sink.deleted).containsExactly(new DeploymentRef("blog", "web"));
            assertThat(sink.of("shop/cart")).hasSize(4);
            assertThat(sink.observed).extracting(ObservedReplicas::deployment)
                    .noneMatch(ref -> ref.namespace().equals("other"));
        }
    }
}
