package io.queueflower.scaler.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.queueflower.core.safety.Allowlist;
import io.queueflower.core.safety.BoundsTable;
import io.queueflower.core.safety.DecisionLedger;
import io.queueflower.core.safety.ReplicaBounds;
import io.queueflower.core.safety.SafetyPolicy;
import io.queueflower.core.safety.ScaleStabilizer;
import io.queueflower.core.safety.StepLimiter;
import io.queueflower.core.scaling.DecisionApplier;
import io.queueflower.core.scaling.RetryPolicy;
import io.queueflower.core.scaling.ScaleReport;
import io.queueflower.core.scaling.ScaleReport.Outcome;
import io.queueflower.core.scaling.ScaleRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API failures injected with the mock server's expectations in front of its CRUD store: each expectation answers once
 * (or a few times), after which the CRUD store answers as a healthy API server would, so the test sees both the
 * retries and the recovery. Each test has its own server, so no test's writes reach another test's closing watches
 * and no expectation outlives its test; see {@link QuietWatches}.
 */
@EnableKubernetesMockClient(crud = true)
class ApiFailuresOnMockServerTest {
    static final String SCALE = "/apis/apps/v1/namespaces/shop/deployments/cart/scale";

    KubernetesMockServer server;
    KubernetesClient client;
    KubernetesClient scalerClient;
    DeploymentWatcher watcher;
    final List<Duration> backoffs = new ArrayList<>();
    final AtomicLong decisionTime = new AtomicLong(1000);

    @BeforeEach
    void seed() {
        TestObjects.create(client, "shop", "cart", 2);
        // A short request timeout so an API server that does not answer is noticed quickly.
        scalerClient = KubernetesClients.create(client.getConfiguration(), Duration.ofMillis(1500));
        watcher = new DeploymentWatcher(scalerClient, Set.of("shop"), new RecordingSink(), Clock.systemUTC());
        watcher.start();
    }

    @AfterEach
    void close() throws Exception {
        QuietWatches.settleAndClose(client, watcher, scalerClient, "shop");
    }

    DecisionApplier applier(int maxAttempts) {
        return new DecisionApplier(new Allowlist(Set.of("shop"), Set.of("cart"), Optional.empty()),
                new SafetyPolicy(BoundsTable.uniform(new ReplicaBounds(1, 20)), new StepLimiter(10, 10),
                        new ScaleStabilizer(Duration.ZERO)),
                new DecisionLedger(100), new ScaleSubresourcePatcher(scalerClient, ScaleWriteMethod.UPDATE),
                new Fabric8DeploymentFacts(scalerClient, watcher), watcher,
                new RetryPolicy(maxAttempts, Duration.ofMillis(20), Duration.ofMillis(80), 0.5),
                new DecisionApplier.Settings(false, false, Duration.ZERO), () -> true, Clock.systemUTC(),
                d -> {
                    backoffs.add(d);
                    Thread.sleep(d.toMillis());
                }, Math::random);
    }

    ScaleReport scaleCartTo(DecisionApplier applier, int replicas) throws Exception {
        long windowEnd = decisionTime.addAndGet(1000);
        return applier.apply(new ScaleRequest("shop/queueflower/" + windowEnd, "shop", windowEnd, "queueflower",
                Map.of("cart", replicas))).get(0);
    }

    int cartReplicas() {
        return TestObjects.replicas(client, "shop", "cart");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheyPass() throws Exception {
        server.expect().put().withPath(SCALE).andReturn(500, "etcd leader changed").times(2);
        ScaleReport report = scaleCartTo(applier(5), 6);
        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.attempts()).isEqualTo(3);
        assertThat(backoffs).hasSize(2);
        // Exponential with jitter of at most half: the second wait is drawn from a range twice as high.
        assertThat(backoffs.get(0).toMillis()).isBetween(10L, 20L);
        assertThat(backoffs.get(1).toMillis()).isBetween(20L, 40L);
        assertThat(cartReplicas()).isEqualTo(6);
    }

    @Test
    void throttlingIsRetried() throws Exception {
        server.expect().get().withPath(SCALE).andReturn(429, "too many requests").once();
        server.expect().put().withPath(SCALE).andReturn(429, "too many requests").once();
        ScaleReport report = scaleCartTo(applier(5), 4);
        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.attempts()).isEqualTo(3);
        assertThat(cartReplicas()).isEqualTo(4);
    }

    @Test
    void aConflictIsRetriedFromAFreshRead() throws Exception {
        server.expect().put().withPath(SCALE).andReturn(409, "the object has been modified").once();
        ScaleReport report = scaleCartTo(applier(5), 7);
        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.attempts()).isEqualTo(2);
        assertThat(cartReplicas()).isEqualTo(7);
        List<String> scaleCalls = new ArrayList<>();
        while (true) {
            var request = server.takeRequest(10, TimeUnit.MILLISECONDS);
            if (request == null) {
                break;
            }
            if (request.getPath().equals(SCALE)) {
                scaleCalls.add(request.getMethod());
            }
        }
        assertThat(scaleCalls).containsSubsequence("GET", "PUT", "GET", "PUT");
    }

    @Test
    void aTimeoutIsRetried() throws Exception {
        long delayMs = 2500;
        long started = System.nanoTime();
        server.expect().put().delay(delayMs, TimeUnit.MILLISECONDS).withPath(SCALE).andReturn(200, "{}").once();
        ScaleReport report = scaleCartTo(applier(5), 3);
        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.attempts()).isEqualTo(2);
        assertThat(report.durationMs()).isGreaterThanOrEqualTo(1000L);
        assertThat(cartReplicas()).isEqualTo(3);
        // Let the late answer go out, or the server would still be busy with it when it is shut down.
        Thread.sleep(Math.max(0, delayMs + 200 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
    }

    @Test
    void exhaustedRetriesAreReportedAsFailedAndTheNextDecisionRecovers() throws Exception {
        server.expect().put().withPath(SCALE).andReturn(503, "unavailable").times(3);
        DecisionApplier applier = applier(3);
        ScaleReport failed = scaleCartTo(applier, 8);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.error()).contains("gave up after 3 attempts").contains("503");
        assertThat(cartReplicas()).isEqualTo(2);
        ScaleReport recovered = scaleCartTo(applier, 8);
        assertThat(recovered.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(cartReplicas()).isEqualTo(8);
    }

    @Test
    void forbiddenIsReportedAndNotRetried() throws Exception {
        server.expect().get().withPath(SCALE).andReturn(403, "deployments.apps \"cart\" is forbidden").once();
        ScaleReport report = scaleCartTo(applier(5), 5);
        assertThat(report.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(report.error()).startsWith("forbidden:").contains("403");
        assertThat(report.attempts()).isEqualTo(1);
        assertThat(backoffs).isEmpty();
        assertThat(cartReplicas()).isEqualTo(2);
    }
}
