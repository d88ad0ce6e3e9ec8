package io.queueflower.scaler.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Two scaler replicas electing a leader on one Lease of the mock API server. */
@EnableKubernetesMockClient(crud = true)
class LeaseLeadershipTest {
    KubernetesMockServer server;
    KubernetesClient client;

    final List<String> events = new CopyOnWriteArrayList<>();

    LeaseLeadership replica(KubernetesClient scalerClient, String identity) {
        return new LeaseLeadership(scalerClient, new LeaseLeadership.Settings("queueflower", "qf-scaler", identity,
                Duration.ofMillis(2000), Duration.ofMillis(1500), Duration.ofMillis(250)),
                new LeaseLeadership.Listener() {
                    @Override
                    public void startedLeading() {
                        events.add(identity + " leads");
                    }

                    @Override
                    public void stoppedLeading() {
                        events.add(identity + " stops");
                    }
                });
    }

    String holder() {
        Lease lease = client.leases().inNamespace("queueflower").withName("qf-scaler").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void onlyOneReplicaLeadsAndAStandbyTakesOverWhenTheLeaderLeaves() throws Exception {
        try (KubernetesClient clientA = KubernetesClients.create(client.getConfiguration(), Duration.ofSeconds(2));
             KubernetesClient clientB = KubernetesClients.create(client.getConfiguration(), Duration.ofSeconds(2))) {
            LeaseLeadership a = replica(clientA, "scaler-a");
            a.start();
            await().atMost(Duration.ofSeconds(10)).until(a::mayWrite);
            LeaseLeadership b = replica(clientB, "scaler-b");
            b.start();
            // b keeps trying for well over a lease duration, but a renews, so b never leads.
            Thread.sleep(3000);
            assertThat(a.mayWrite()).isTrue();
            assertThat(b.mayWrite()).isFalse();
            assertThat(holder()).isEqualTo("scaler-a");

            a.close();
            // The gate closes at once, and the released lease lets b take over without waiting for expiry.
            assertThat(a.mayWrite()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(b::mayWrite);
            assertThat(holder()).isEqualTo("scaler-b");
            assertThat(events).containsExactly("scaler-a leads", "scaler-a stops", "scaler-b leads");
            b.close();
            assertThat(b.mayWrite()).isFalse();
        }
    }

    @Test
    void aLeaderThatCannotRenewClosesItsWriteGate() throws Exception {
        try (KubernetesClient clientA = KubernetesClients.create(client.getConfiguration(), Duration.ofMillis(500));
             KubernetesClient clientB = KubernetesClients.create(client.getConfiguration(), Duration.ofSeconds(2))) {
            LeaseLeadership a = replica(clientA, "scaler-a");
            a.start();
            await().atMost(Duration.ofSeconds(10)).until(a::mayWrite);
            LeaseLeadership b = replica(clientB, "scaler-b");
            b.start();
            // From now on every lease renewal of a fails, as if a were cut off from the API server.
            server.expect().put().withPath("/apis/coordination.k8s.io/v1/namespaces/queueflower/leases/qf-scaler")
                    .andReturn(500, "partitioned").always();
            await().atMost(Duration.ofSeconds(10)).until(() -> !a.mayWrite());
            assertThat(events).contains("scaler-a stops");
            // Nobody can renew or take the lease while the API server fails: no replica may write.
            Thread.sleep(500);
            assertThat(a.mayWrite()).isFalse();
            assertThat(b.mayWrite()).isFalse();
            a.close();
            b.close();
        }
    }
}
