package io.queueflower.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetyPolicyTest {
    static final DeploymentRef CART = new DeploymentRef("shop", "cart");
    static final DeploymentRef DB = new DeploymentRef("shop", "db");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static SafetyPolicy policy(Duration window) {
        BoundsTable bounds = new BoundsTable(new ReplicaBounds(1, 20), Map.of(DB, new ReplicaBounds(1, 1)));
        return new SafetyPolicy(bounds, new StepLimiter(4, 2), new ScaleStabilizer(window));
    }

    @Test
    void requestsWithinAllLimitsPassUnchanged() {
        ScalePlan plan = policy(Duration.ZERO).plan(CART, T0, 5, 8);
        assertThat(plan.target()).isEqualTo(8);
        assertThat(plan.clampedBy()).isEmpty();
        assertThat(plan.clampedByText()).isNull();
    }

    @Test
    void boundsClampAndSayWhich() {
        assertThat(policy(Duration.ZERO).plan(CART, T0, 1, 0).target()).isEqualTo(1);
        assertThat(policy(Duration.ZERO).plan(CART, T0, 1, 0).clampedByText()).isEqualTo("min");
        ScalePlan db = policy(Duration.ZERO).plan(DB, T0, 1, 3);
        assertThat(db.target()).isEqualTo(1);
        assertThat(db.changesReplicas()).isFalse();
        assertThat(db.clampedBy()).containsExactly(SafetyRule.MAX);
    }

    @Test
    void stepsAreLimitedSeparatelyUpAndDown() {
        ScalePlan up = policy(Duration.ZERO).plan(CART, T0, 2, 15);
        assertThat(up.target()).isEqualTo(6);
        assertThat(up.clampedBy()).containsExactly(SafetyRule.MAX_STEP_UP);
        ScalePlan down = policy(Duration.ZERO).plan(CART, T0, 10, 3);
        assertThat(down.target()).isEqualTo(8);
        assertThat(down.clampedBy()).containsExactly(SafetyRule.MAX_STEP_DOWN);
    }

    @Test
    void severalRulesAreReportedInTheOrderApplied() {
        ScalePlan plan = policy(Duration.ZERO).plan(CART, T0, 2, 50);
        assertThat(plan.target()).isEqualTo(6);
        assertThat(plan.clampedByText()).isEqualTo("max,max-step-up");
    }

    @Test
    void boundsWinOverStepLimitsForADeploymentFoundOutsideThem() {
        ScalePlan plan = policy(Duration.ZERO).plan(CART, T0, 40, 10);
        assertThat(plan.target()).isEqualTo(20);
        assertThat(plan.clampedBy()).containsExactly(SafetyRule.MAX_STEP_DOWN, SafetyRule.MAX);
    }

    @Test
    void stabilizationHoldsScaleDownsWithinTheWindow() {
        SafetyPolicy policy = policy(Duration.ofSeconds(300));
        assertThat(policy.plan(CART, T0, 8, 8).target()).isEqualTo(8);
        ScalePlan held = policy.plan(CART, T0.plusSeconds(60), 8, 3);
        assertThat(held.target()).isEqualTo(8);
        assertThat(held.changesReplicas()).isFalse();
        assertThat(held.clampedBy()).containsExactly(SafetyRule.STABILIZATION);
        // Once the window has passed, the scale-down proceeds, one step at a time.
        ScalePlan later = policy.plan(CART, T0.plusSeconds(400), 8, 3);
        assertThat(later.target()).isEqualTo(6);
        assertThat(later.clampedBy()).isEqualTo(List.of(SafetyRule.MAX_STEP_DOWN));
    }
}
