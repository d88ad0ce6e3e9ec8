package io.queueflower.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SafetyPolicyPropertyTest {
    static final DeploymentRef CART = new DeploymentRef("shop", "cart");

    @Property
    void targetStaysWithinBoundsAndWithinOneStepUnlessBoundsForceIt(
            @ForAll @IntRange(min = 0, max = 200) int current, @ForAll @IntRange(min = 0, max = 200) int requested,
            @ForAll @IntRange(min = 0, max = 30) int min, @ForAll @IntRange(min = 0, max = 100) int span,
            @ForAll @IntRange(min = 1, max = 10) int up, @ForAll @IntRange(min = 1, max = 10) int down) {
        ReplicaBounds bounds = new ReplicaBounds(min, min + span);
        SafetyPolicy policy = new SafetyPolicy(BoundsTable.uniform(bounds), new StepLimiter(up, down),
                new ScaleStabilizer(Duration.ZERO));
        ScalePlan plan = policy.plan(CART, Instant.EPOCH, current, requested);
        assertThat(plan.target()).isBetween(bounds.min(), bounds.max());
        boolean currentInBounds = current >= bounds.min() && current <= bounds.max();
        if (currentInBounds) {
            assertThat(plan.target() - current).isBetween(-down, up);
        }
        // Never moves away from the request: the target lies between current and the bounded request.
        int bounded = bounds.clamp(requested);
        if (currentInBounds) {
            assertThat(plan.target()).isBetween(Math.min(current, bounded), Math.max(current, bounded));
        }
        if (currentInBounds) {
            assertThat(plan.clampedBy().isEmpty()).isEqualTo(plan.target() == requested);
        }
    }
}
