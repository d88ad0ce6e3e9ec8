package io.queueflower.scaler.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
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
import io.queueflower.core.scaling.ScaleReport.Outcome;
import io.queueflower.core.scaling.ScaleRequest;
import io.queueflower.core.scaling.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every safety rule, end to end through the fabric8 adapters against the mock API server in CRUD mode. Each test has
 * its own server (non-static fields: the extension starts one per test either way), so no test's writes reach
 * another test's closing watches; see {@link QuietWatches}.
 */
@EnableKubernetesMockClient(crud = true)
class SafetyRulesOnMockServerTest {
    KubernetesMockServer server;
    KubernetesClient client;
    KubernetesClient scalerClient;
    DeploymentWatcher watcher;
    final RecordingSink sink = new RecordingSink();

    Allowlist allowlist = new Allowlist(Set.of("shop"), Set.of("cart", "web", "db", "search", "gone"), Optional.empty());
    BoundsTable bounds = new BoundsTable(new ReplicaBounds(1, 20),
            Map.of(new DeploymentRef("shop", "db"), new ReplicaBounds(1, 1)));
    Duration window = Duration.ZERO;
    DecisionApplier.Settings settings = new DecisionApplier.Settings(false, false, Duration.ZERO);

    @BeforeEach
    void seed() {
        TestObjects.create(client, "shop", "cart", 2, Map.of("app", "cart", "queueflower.io/scalable", "true"));
        TestObjects.create(client, "shop", "web", 3, Map.of("app", "web"));
        TestObjects.create(client, "shop", "db", 1);
        TestObjects.create(client, "shop", "search", 2);
        TestObjects.create(client, "kube-system", "coredns", 2);
        scalerClient = KubernetesClients.create(client.getConfiguration(), Duration.ofSeconds(2));
        watcher = new DeploymentWatcher(scalerClient, Set.of("shop"), sink, Clock.systemUTC());
        watcher.start();
    }

    @AfterEach
    void close() throws Exception {
        QuietWatches.settleAndClose(client, watcher, scalerClient, "shop");
    }

    DecisionApplier applier(ScaleWriteMethod method) {
        return new DecisionApplier(allowlist,
                new SafetyPolicy(bounds, new StepLimiter(4, 2), new ScaleStabilizer(window)),
                new DecisionLedger(100), new ScaleSubresourcePatcher(scalerClient, method),
                new Fabric8DeploymentFacts(scalerClient, watcher), watcher,
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 0.5), settings,
                () -> true, Clock.systemUTC(), Sleeper.REAL, Math::random);
    }

    DecisionApplier applier() {
        return applier(ScaleWriteMethod.UPDATE);
    }

    static ScaleRequest decision(long windowEnd, Map<String, Integer> targets) {
        return new ScaleRequest("shop/queueflower/" + windowEnd, "shop", windowEnd, "queueflower", targets);
    }

    int replicas(String name) {
        return TestObjects.replicas(client, "shop", name);
    }

    @Test
    void targetsThatDifferAreWrittenThroughTheScaleSubresourceOthersNot() throws Exception {
        List<ScaleReport> reports = applier().apply(decision(1000, Map.of("cart", 5, "web", 3)));
        assertThat(reports).extracting(ScaleReport::outcome).containsExactly(Outcome.APPLIED, Outcome.UNCHANGED);
        assertThat(replicas("cart")).isEqualTo(5);
        assertThat(replicas("web")).isEqualTo(3);
    }

    @Test
    void patchWriteMethodAppliesToo() throws Exception {
        applier(ScaleWriteMethod.PATCH).apply(decision(1000, Map.of("cart", 4)));
        assertThat(replicas("cart")).isEqualTo(4);
    }

    @Test
    void minMaxAndStepLimitsClamp() throws Exception {
        List<ScaleReport> reports = applier().apply(decision(1000, Map.of("cart", 50, "web", 0, "db", 4)));
        assertThat(reports).extracting(ScaleReport::deployment, ScaleReport::applied, ScaleReport::clampedBy)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cart", 6, "max,max-step-up"),
                        org.assertj.core.groups.Tuple.tuple("db", null, "max"),
                        org.assertj.core.groups.Tuple.tuple("web", 1, "min"));
        assertThat(replicas("cart")).isEqualTo(6);
        assertThat(replicas("db")).isEqualTo(1);
        assertThat(replicas("web")).isEqualTo(1);
    }

    @Test
    void scaleDownIsStabilisedOverTheWindow() throws Exception {
        window = Duration.ofSeconds(300);
        DecisionApplier applier = applier();
        applier.apply(decision(0, Map.of("cart", 2)));
        ScaleReport held = applier.apply(decision(120_000, Map.of("cart", 1))).get(0);
        assertThat(held.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(held.clampedBy()).isEqualTo("stabilization");
        assertThat(replicas("cart")).isEqualTo(2);
        assertThat(applier.apply(decision(301_000, Map.of("cart", 1))).get(0).applied()).isEqualTo(1);
        assertThat(replicas("cart")).isEqualTo(1);
    }

    @Test
    void forgedDecisionsOutsideTheAllowlistAreRefusedAndTouchNothing() throws Exception {
        allowlist = new Allowlist(Set.of("shop"), Set.of("cart"), Optional.empty());
        int before = server.getRequestCount();
        List<ScaleReport> foreignNamespace = applier().apply(new ScaleRequest("kube-system/x/1", "kube-system", 1,
                "queueflower", Map.of("coredns", 0)));
        List<ScaleReport> unlisted = applier().apply(decision(1000, Map.of("web", 9, "search", 0)));
        assertThat(foreignNamespace).extracting(ScaleReport::outcome).containsExactly(Outcome.REFUSED);
        assertThat(unlisted).extracting(ScaleReport::outcome).containsExactly(Outcome.REFUSED, Outcome.REFUSED);
        assertThat(server.getRequestCount()).isEqualTo(before);
        assertThat(TestObjects.replicas(client, "kube-system", "coredns")).isEqualTo(2);
        assertThat(replicas("web")).isEqualTo(3);
        assertThat(replicas("search")).isEqualTo(2);
    }

    @Test
    void labelSelectorAllowlistReadsLabelsFresh() throws Exception {
        allowlist = new Allowlist(Set.of("shop"), Set.of(), Optional.of(LabelSelector.parse("queueflower.io/scalable=true")));
        List<ScaleReport> reports = applier().apply(decision(1000, Map.of("cart", 4, "web", 5)));
        assertThat(reports).extracting(ScaleReport::outcome).containsExactly(Outcome.APPLIED, Outcome.REFUSED);
        assertThat(replicas("cart")).isEqualTo(4);
        assertThat(replicas("web")).isEqualTo(3);
    }

    @Test
    void dryRunReportsButDoesNotWrite() throws Exception {
        settings = new DecisionApplier.Settings(true, false, Duration.ZERO);
        ScaleReport report = applier().apply(decision(1000, Map.of("cart", 5))).get(0);
        assertThat(report.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(report.applied()).isEqualTo(5);
        assertThat(replicas("cart")).isEqualTo(2);
    }

    @Test
    void hpaManagedDeploymentsAreSkippedUnlessOverridden() throws Exception {
        client.resource(TestObjects.hpa("shop", "cart-hpa", "cart")).create();
        await().atMost(Duration.ofSeconds(5)).until(() -> !watcher.autoscalersTargeting(new DeploymentRef("shop", "cart")).isEmpty());
        ScaleReport skipped = applier().apply(decision(1000, Map.of("cart", 5))).get(0);
        assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(skipped.error()).contains("cart-hpa");
        assertThat(replicas("cart")).isEqualTo(2);

        settings = new DecisionApplier.Settings(false, true, Duration.ZERO);
        assertThat(applier().apply(decision(2000, Map.of("cart", 5))).get(0).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(replicas("cart")).isEqualTo(5);
    }

    @Test
    void aDeletedAutoscalerNoLongerBlocksEvenBeforeTheCacheCatchesUp() throws Exception {
        client.resource(TestObjects.hpa("shop", "cart-hpa", "cart")).create();
        await().atMost(Duration.ofSeconds(5)).until(() -> !watcher.autoscalersTargeting(new DeploymentRef("shop", "cart")).isEmpty());
        // Retarget the autoscaler elsewhere; the fresh read confirms it no longer targets cart.
        var hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("shop").withName("cart-hpa").get();
        hpa.getSpec().getScaleTargetRef().setName("search");
        client.resource(hpa).update();
        assertThat(applier().apply(decision(1000, Map.of("cart", 5))).get(0).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void missingDeploymentIsReportedAndTheRestApplied() throws Exception {
        List<ScaleReport> reports = applier().apply(decision(1000, Map.of("gone", 3, "web", 4)));
        assertThat(reports).extracting(ScaleReport::outcome).containsExactly(Outcome.SKIPPED, Outcome.APPLIED);
        assertThat(reports.get(0).error()).startsWith("not found:");
        assertThat(replicas("web")).isEqualTo(4);
    }

    @Test
    void duplicateAndStaleDecisionsAreIgnored() throws Exception {
        DecisionApplier applier = applier();
        applier.apply(decision(2000, Map.of("cart", 4)));
        client.apps().deployments().inNamespace("shop").withName("cart").scale(3);
        assertThat(applier.apply(decision(2000, Map.of("cart", 4))).get(0).error()).startsWith("duplicate:");
        assertThat(applier.apply(decision(1000, Map.of("cart", 6))).get(0).error()).startsWith("stale:");
        assertThat(replicas("cart")).isEqualTo(3);
    }

    @Test
    void readinessWaitReportsHowLongReplicasTookToBecomeAvailable() throws Exception {
        settings = new DecisionApplier.Settings(false, false, Duration.ofSeconds(10));
        Thread controller = new Thread(() -> {
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> replicas("cart") == 5);
                Thread.sleep(200);
                TestObjects.becomeAvailable(client, "shop", "cart");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        controller.start();
        ScaleReport report = applier().apply(decision(1000, Map.of("cart", 5))).get(0);
        controller.join();
        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.readyAfterMs()).isNotNull().isBetween(150L, 9_000L);
    }

    @Test
    void readinessWaitTimesOutWhenReplicasNeverBecomeAvailable() throws Exception {
        settings = new DecisionApplier.Settings(false, false, Duration.ofMillis(300));
        ScaleReport report = applier().apply(decision(1000, Map.of("cart", 5))).get(0);
        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.readyAfterMs()).isNull();
        assertThat(report.error()).contains("not available within 300 ms");
        // The wait is not left behind in the watcher (a scaler runs for weeks).
        assertThat(watcher.pendingAvailabilityWaits()).isZero();
    }
}
