package io.queueflower.scaler.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.queueflower.core.safety.Allowlist;
import io.queueflower.core.safety.BoundsTable;
import io.queueflower.core.safety.DecisionLedger;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.safety.LabelSelector;
import io.queueflower.core.safety.ReplicaBounds;
import io.queueflower.core.safety.SafetyPolicy;
import io.queueflower.core.safety.ScaleStabilizer;
import io.queueflower.core.safety.StepLimiter;
import io.queueflower.core.scaling.DecisionApplier;
import io.queueflower.core.scaling.RetryPolicy;
import io.queueflower.core.scaling.ScaleReport;
import io.queueflower.core.scaling.ScaleRequest;
import io.queueflower.core.scaling.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs every code path that talks to the API server against the mock server and derives, from the requests it
 * received, the permissions the scaler really needs: they must be exactly what the Role grants, so the Role is
 * neither too narrow (the scaler would fail in a cluster) nor too wide.
 */
@EnableKubernetesMockClient(crud = true)
class ApiCallsMatchRoleTest {
    KubernetesMockServer server;
    KubernetesClient client;

    DecisionApplier applier(KubernetesClient scalerClient, DeploymentWatcher watcher, ScaleWriteMethod method) {
        return new DecisionApplier(
                new Allowlist(Set.of("shop"), Set.of("web"), Optional.of(LabelSelector.parse("scalable=true"))),
                new SafetyPolicy(BoundsTable.uniform(new ReplicaBounds(1, 20)), new StepLimiter(10, 10),
                        new ScaleStabilizer(Duration.ZERO)),
                new DecisionLedger(10), new ScaleSubresourcePatcher(scalerClient, method),
                new Fabric8DeploymentFacts(scalerClient, watcher), watcher,
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 0), 
                new DecisionApplier.Settings(false, false, Duration.ofMillis(200)), () -> true, Clock.systemUTC(),
                Sleeper.REAL, Math::random);
    }

    Set<String> drainRequests() throws InterruptedException {
        Set<String> needed = new TreeSet<>();
        RecordedRequest request;
        while ((request = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
            needed.add(Rbac.needed(request.getMethod(), request.getPath()));
        }
        return needed;
    }

    @Test
    void theRequestsTheScalerSendsNeedExactlyTheRolesPermissions() throws Exception {
        TestObjects.create(client, "shop", "cart", 2, Map.of("scalable", "true"));
        TestObjects.create(client, "shop", "web", 2);
        TestObjects.create(client, "shop", "search", 2, Map.of("scalable", "true"));
        client.resource(TestObjects.hpa("shop", "search-hpa", "search")).create();
        drainRequests();

        try (KubernetesClient scalerClient = KubernetesClients.create(client.getConfiguration(), Duration.ofSeconds(2));
             DeploymentWatcher watcher = new DeploymentWatcher(scalerClient, Set.of("shop"), new RecordingSink(),
                     Clock.systemUTC())) {
            watcher.start();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !watcher.autoscalersTargeting(new DeploymentRef("shop", "search")).isEmpty());
            var update = applier(scalerClient, watcher, ScaleWriteMethod.UPDATE)
                    .apply(new ScaleRequest("d1", "shop", 1, "queueflower", Map.of("cart", 3, "web", 4, "search", 5)));
            assertThat(update).extracting(ScaleReport::outcome).containsExactly(ScaleReport.Outcome.APPLIED,
                    ScaleReport.Outcome.SKIPPED, ScaleReport.Outcome.APPLIED);
            var patch = applier(scalerClient, watcher, ScaleWriteMethod.PATCH)
                    .apply(new ScaleRequest("d2", "shop", 2, "queueflower", Map.of("cart", 4)));
            assertThat(patch).extracting(ScaleReport::outcome).containsExactly(ScaleReport.Outcome.APPLIED);

            LeaseLeadership leadership = new LeaseLeadership(scalerClient, new LeaseLeadership.Settings("shop",
                    "qf-scaler", "scaler-0", Duration.ofMillis(2000), Duration.ofMillis(1500), Duration.ofMillis(200)),
                    new LeaseLeadership.Listener() {
                        @Override
                        public void startedLeading() {
                        }

                        @Override
                        public void stoppedLeading() {
                        }
                    });
            leadership.start();
            await().atMost(Duration.ofSeconds(10)).until(leadership::mayWrite);
            Thread.sleep(500);
            leadership.close();
        }
        Set<String> needed = drainRequests();
        Role role = RbacManifestTest.load("role.yaml", Role.class);
        assertThat(needed).isEqualTo(Rbac.granted(role));
    }

    @Test
    void requestsMapToTheirPermissions() {
        assertThat(Rbac.needed("GET", "/apis/apps/v1/namespaces/shop/deployments/cart/scale"))
                .isEqualTo("apps deployments/scale get");
        assertThat(Rbac.needed("GET", "/apis/apps/v1/namespaces/shop/deployments?resourceVersion=0"))
                .isEqualTo("apps deployments list");
        assertThat(Rbac.needed("GET", "/apis/apps/v1/namespaces/shop/deployments?allowWatchBookmarks=true&watch=true"))
                .isEqualTo("apps deployments watch");
        assertThat(Rbac.needed("POST", "/apis/coordination.k8s.io/v1/namespaces/shop/leases"))
                .isEqualTo("coordination.k8s.io leases create");
        assertThat(Rbac.needed("PUT", "/apis/coordination.k8s.io/v1/namespaces/shop/leases/qf-scaler"))
                .isEqualTo("coordination.k8s.io leases update");
        assertThat(Rbac.needed("PATCH", "/api/v1/namespaces/shop/pods/x")).isEqualTo("core pods patch");
    }
}
