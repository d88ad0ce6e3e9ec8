package io.queueflower.core.scaling;

import static io.queueflower.core.scaling.InMemoryCluster.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.core.safety.Allowlist;
import io.queueflower.core.safety.BoundsTable;
import io.queueflower.core.safety.DecisionLedger;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.safety.LabelSelector;
import io.queueflower.core.safety.ReplicaBounds;
import io.queueflower.core.safety.SafetyPolicy;
import io.queueflower.core.safety.ScaleStabilizer;
import io.queueflower.core.safety.StepLimiter;
import io.queueflower.core.scaling.ReplicaTargetException.Kind;
import io.queueflower.core.scaling.ScaleReport.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DecisionApplierTest {
    static final DeploymentRef CART = new DeploymentRef("shop", "cart");
    static final DeploymentRef WEB = new DeploymentRef("shop", "web");

    final InMemoryCluster cluster = new InMemoryCluster().with("shop/cart", 2).with("shop/web", 3).with("shop/db", 1);
    final List<Duration> sleeps = new ArrayList<>();
    final AtomicBoolean leading = new AtomicBoolean(true);
    Allowlist allowlist = new Allowlist(Set.of("shop"), Set.of("cart", "web"), Optional.empty());
    DecisionApplier.Settings settings = new DecisionApplier.Settings(false, false, Duration.ZERO);
    Duration window = Duration.ZERO;

    DecisionApplier applier() {
        SafetyPolicy policy = new SafetyPolicy(BoundsTable.uniform(new ReplicaBounds(1, 20)), new StepLimiter(4, 2),
                new ScaleStabilizer(window));
        return new DecisionApplier(allowlist, policy, new DecisionLedger(100), cluster, cluster, cluster,
                new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(1000), 0.0), settings, leading::get,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), sleeps::add, () -> 0.5);
    }

    static ScaleRequest decision(long windowEnd, Map<String, Integer> targets) {
        return new ScaleRequest("shop/queueflower/" + windowEnd, "shop", windowEnd, "queueflower", targets);
    }

    @Test
    void appliesTargetsThatDifferAndLeavesEqualOnesAlone() throws Exception {
        List<ScaleReport> reports = applier().apply(decision(1000, Map.of("cart", 5, "web", 3)));
        assertThat(reports).extracting(ScaleReport::deployment, ScaleReport::outcome, ScaleReport::previous,
                        ScaleReport::applied)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cart", Outcome.APPLIED, 2, 5),
                        org.assertj.core.groups.Tuple.tuple("web", Outcome.UNCHANGED, 3, null));
        assertThat(cluster.replicas).containsEntry(CART, 5).containsEntry(WEB, 3);
        assertThat(cluster.calls).noneMatch(c -> c.startsWith("write shop/web"));
        assertThat(reports.get(0).attempts()).isEqualTo(1);
        assertThat(reports.get(0).timestampMs()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void rulesClampAndReportWhich() throws Exception {
        List<ScaleReport> reports = applier().apply(decision(1000, Map.of("cart", 50, "web", 0)));
        assertThat(reports.get(0).applied()).isEqualTo(6);
        assertThat(reports.get(0).clampedBy()).isEqualTo("max,max-step-up");
        assertThat(reports.get(1).applied()).isEqualTo(1);
        assertThat(reports.get(1).clampedBy()).isEqualTo("min");
        assertThat(cluster.replicas).containsEntry(CART, 6).containsEntry(WEB, 1);
    }

    @Test
    void dryRunDoesEverythingButTheWrite() throws Exception {
        settings = new DecisionApplier.Settings(true, false, Duration.ZERO);
        List<ScaleReport> reports = applier().apply(decision(1000, Map.of("cart", 5)));
        assertThat(reports.get(0).outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(reports.get(0).applied()).isEqualTo(5);
        assertThat(cluster.replicas).containsEntry(CART, 2);
        assertThat(cluster.calls).containsExactly("hpa shop/cart", "read shop/cart");
    }

    @Test
    void forgedNamespaceOrDeploymentIsRefusedWithoutAnyApiCall() throws Exception {
        cluster.with("kube-system/coredns", 2);
        List<ScaleReport> reports = applier().apply(new ScaleRequest("evil/1", "kube-system", 1, "queueflower",
                Map.of("coredns", 0)));
        assertThat(reports.get(0).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(reports.get(0).error()).contains("namespace 'kube-system' is not in the allowlist");
        List<ScaleReport> unlisted = applier().apply(decision(1000, Map.of("db", 9, "../../x", 3)));
        assertThat(unlisted).extracting(ScaleReport::outcome).containsExactly(Outcome.REFUSED, Outcome.REFUSED);
        assertThat(unlisted.get(0).error()).contains("invalid Deployment name '../../x'");
        assertThat(unlisted.get(1).error()).contains("shop/db is not in the allowlist");
        assertThat(cluster.calls).isEmpty();
        assertThat(cluster.replicas).containsEntry(new DeploymentRef("kube-system", "coredns"), 2)
                .containsEntry(new DeploymentRef("shop", "db"), 1);
    }

    @Test
    void labelSelectorAllowsOnlyMatchingDeployments() throws Exception {
        allowlist = new Allowlist(Set.of("shop"), Set.of(), Optional.of(LabelSelector.parse("scalable=true")));
        cluster.labels.put(CART, Map.of("scalable", "true"));
        cluster.labels.put(WEB, Map.of("scalable", "false"));
        List<ScaleReport> reports = applier().apply(decision(1000, Map.of("cart", 4, "web", 5)));
        assertThat(reports).extracting(ScaleReport::outcome).containsExactly(Outcome.APPLIED, Outcome.REFUSED);
        assertThat(reports.get(1).error()).contains("do not match the allowed selector 'scalable=true'");
        assertThat(cluster.replicas).containsEntry(CART, 4).containsEntry(WEB, 3);
    }

    @Test
    void hpaManagedDeploymentsAreSkippedUnlessOverridden() throws Exception {
        cluster.hpas.put(CART, "cart-hpa");
        ScaleReport skipped = applier().apply(decision(1000, Map.of("cart", 5))).get(0);
        assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(skipped.error()).contains("HorizontalPodAutoscaler cart-hpa");
        assertThat(cluster.replicas).containsEntry(CART, 2);

        settings = new DecisionApplier.Settings(false, true, Duration.ZERO);
        ScaleReport applied = applier().apply(decision(2000, Map.of("cart", 5))).get(0);
        assertThat(applied.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(cluster.replicas).containsEntry(CART, 5);
    }

    @Test
    void missingAndForbiddenAreSkippedAndTheRestGoesOn() throws Exception {
        allowlist = new Allowlist(Set.of("shop"), Set.of("cart", "web", "gone"), Optional.empty());
        cluster.readFailures.add(failure(Kind.FORBIDDEN));
        List<ScaleReport> reports = applier().apply(decision(1000, Map.of("cart", 5, "gone", 2, "web", 4)));
        assertThat(reports).extracting(ScaleReport::deployment, ScaleReport::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cart", Outcome.SKIPPED),
                org.assertj.core.groups.Tuple.tuple("gone", Outcome.SKIPPED),
                org.assertj.core.groups.Tuple.tuple("web", Outcome.APPLIED));
        assertThat(reports.get(0).error()).startsWith("forbidden:");
        assertThat(reports.get(1).error()).startsWith("not found:");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void retryableErrorsAreRetriedWithGrowingBackoffThenSucceed() throws Exception {
        cluster.readFailures.add(failure(Kind.TIMEOUT));
        cluster.writeFailures.add(failure(Kind.SERVER_ERROR));
        cluster.writeFailures.add(failure(Kind.THROTTLED));
        ScaleReport report = applier().apply(decision(1000, Map.of("cart", 5))).get(0);
        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.attempts()).isEqualTo(4);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(cluster.replicas).containsEntry(CART, 5);
    }

    @Test
    void exhaustedRetriesFailTheDeploymentOnly() throws Exception {
        for (int i = 0; i < 4; i++) {
            cluster.writeFailures.add(failure(Kind.SERVER_ERROR));
        }
        List<ScaleReport> reports = applier().apply(decision(1000, Map.of("cart", 5, "web", 4)));
        assertThat(reports.get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(reports.get(0).attempts()).isEqualTo(4);
        assertThat(reports.get(0).error()).contains("gave up after 4 attempts").contains("SERVER_ERROR");
        assertThat(reports.get(1).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void aConflictReplansAgainstTheNewCount() throws Exception {
        cluster.concurrentWrite = 9;
        cluster.writeFailures.add(failure(Kind.CONFLICT));
        ScaleReport report = applier().apply(decision(1000, Map.of("cart", 5))).get(0);
        // Someone set 9 meanwhile; from 9 the step-down limit of 2 allows 7, not 5.
        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.previous()).isEqualTo(9);
        assertThat(report.applied()).isEqualTo(7);
        assertThat(report.clampedBy()).isEqualTo("max-step-down");
        assertThat(cluster.calls).containsExactly("hpa shop/cart", "read shop/cart", "write shop/cart=5",
                "read shop/cart", "write shop/cart=7");
    }

    @Test
    void aWriteThatGotThroughBeforeTimingOutIsNotSteppedTwice() throws Exception {
        cluster.failedWritesLand = true;
        cluster.writeFailures.add(failure(Kind.TIMEOUT));
        cluster.writeFailures.add(failure(Kind.CONFLICT));
        ScaleReport report = applier().apply(decision(1000, Map.of("cart", 15))).get(0);
        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.applied()).isEqualTo(6);
        assertThat(cluster.replicas).containsEntry(CART, 6);
        assertThat(cluster.calls).containsExactly("hpa shop/cart", "read shop/cart", "write shop/cart=6",
                "write shop/cart=6", "read shop/cart");
    }

    @Test
    void duplicateAndStaleDecisionsAreSkipped() throws Exception {
        DecisionApplier applier = applier();
        applier.apply(decision(2000, Map.of("cart", 5)));
        cluster.calls.clear();
        ScaleReport duplicate = applier.apply(decision(2000, Map.of("cart", 5))).get(0);
        assertThat(duplicate.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(duplicate.error()).startsWith("duplicate:");
        ScaleReport stale = applier.apply(decision(1000, Map.of("cart", 3))).get(0);
        assertThat(stale.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(stale.error()).startsWith("stale:");
        assertThat(cluster.calls).isEmpty();
        assertThat(cluster.replicas).containsEntry(CART, 5);
    }

    @Test
    void stabilizationWindowHoldsScaleDownAcrossDecisions() throws Exception {
        window = Duration.ofSeconds(300);
        DecisionApplier applier = applier();
        assertThat(applier.apply(decision(0, Map.of("cart", 6))).get(0).applied()).isEqualTo(6);
        ScaleReport held = applier.apply(decision(60_000, Map.of("cart", 2))).get(0);
        assertThat(held.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(held.clampedBy()).isEqualTo("stabilization");
        ScaleReport released = applier.apply(decision(361_000, Map.of("cart", 2))).get(0);
        assertThat(released.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(released.applied()).isEqualTo(4);
    }

    @Test
    void losingLeadershipStopsWritesAndLeavesTheDecisionUnrecorded() throws Exception {
        leading.set(false);
        DecisionApplier applier = applier();
        assertThatThrownBy(() -> applier.apply(decision(1000, Map.of("cart", 5))))
                .isInstanceOf(LeadershipLostException.class);
        assertThat(cluster.calls).noneMatch(c -> c.startsWith("write"));
        leading.set(true);
        // Not recorded as handled: the same decision is applied once leadership is back.
        assertThat(applier.apply(decision(1000, Map.of("cart", 5))).get(0).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void readinessWaitReportsTimeUntilAvailableOrTimesOut() throws Exception {
        settings = new DecisionApplier.Settings(false, false, Duration.ofMillis(300));
        CompletableFuture<Void> cartReady = new CompletableFuture<>();
        cluster.availability.put(CART, cartReady);
        new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cartReady.complete(null);
        }).start();
        List<ScaleReport> reports = applier().apply(decision(1000, Map.of("cart", 5, "web", 5)));
        assertThat(reports.get(0).readyAfterMs()).isBetween(40L, 300L);
        assertThat(reports.get(0).error()).isNull();
        assertThat(reports.get(1).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(reports.get(1).readyAfterMs()).isNull();
        assertThat(reports.get(1).error()).contains("not available within 300 ms");
        // The wait that timed out is cancelled at its source, so the watch can forget it.
        assertThat(cluster.availability.get(WEB)).isCancelled();
    }
}
