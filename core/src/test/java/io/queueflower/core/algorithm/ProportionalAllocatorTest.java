package io.queueflower.core.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProportionalAllocatorTest {
    private static final ProportionalAllocator LARGEST_REMAINDER = new ProportionalAllocator(LeftoverRule.LARGEST_REMAINDER, 0);

    @Test
    void referenceExampleOfPropSchedule() {
        // q[n] = 10, 5, 5, 0 of 20 -> 40 pods: 20, 10, 10, 0
        Map<String, Double> b = Map.of("node1", 0.5, "node2", 0.25, "node3", 0.25, "node4", 0.0);
        for (LeftoverRule rule : LeftoverRule.values()) {
            Allocation allocation = new ProportionalAllocator(rule, 7).allocate(b, 40, 0, Map.of(), AllocationBounds.NONE);
            assertThat(allocation.targets()).as(rule.configName())
                    .isEqualTo(Map.of("node1", 20, "node2", 10, "node3", 10, "node4", 0));
            assertThat(allocation.kept()).isFalse();
        }
    }

    @Test
    void largestRemainderGivesLeftoverByFractionalPart() {
        // 7 pods over 0.2/0.3/0.5: 1.4, 2.1, 3.5 -> floors 1, 2, 3; one left -> c (0.5 beats 0.4 and 0.1)
        Allocation allocation = LARGEST_REMAINDER.allocate(Map.of("a", 0.2, "b", 0.3, "c", 0.5), 7, 1, Map.of(),
                AllocationBounds.NONE);
        assertThat(allocation.shares()).isEqualTo(Map.of("a", 1, "b", 2, "c", 4));
        assertThat(allocation.targets()).isEqualTo(Map.of("a", 2, "b", 3, "c", 5));
    }

    @Test
    void largestRemainderBreaksFractionTiesByLargerWeight() {
        // 2 pods over 1/3: 0.5, 1.5 -> floors 0, 1; equal fractions -> the larger weight (z) wins over the name (a)
        assertThat(LARGEST_REMAINDER.allocate(Map.of("a", 1.0, "z", 3.0), 2, 0, Map.of(), AllocationBounds.NONE).targets())
                .isEqualTo(Map.of("a", 0, "z", 2));
    }

    @Test
    void largestRemainderBreaksFullTiesByNameAscending() {
        // 16 over three equal weights: 5.33 each -> 5, 5, 5, one left -> a
        assertThat(LARGEST_REMAINDER.allocate(Map.of("c", 1.0, "a", 1.0, "b", 1.0), 16, 1, Map.of(), AllocationBounds.NONE)
                .targets()).isEqualTo(Map.of("a", 7, "b", 6, "c", 6));
        // 6 over four equal weights: 1.5 each -> 1, 1, 1, 1, two left -> a, b
        assertThat(LARGEST_REMAINDER.allocate(Map.of("d", 2.0, "c", 2.0, "b", 2.0, "a", 2.0), 6, 0, Map.of(),
                AllocationBounds.NONE).targets()).isEqualTo(Map.of("a", 2, "b", 2, "c", 1, "d", 1));
    }

    @Test
    void exactTiesSurviveFloatNoise() {
        // 4 pods over 0.7/0.4/0.1 (total 1.2): 2.333.., 1.333.., 0.333.. -> floors 2, 1, 0, one left. The three
        // fractional parts are all exactly 1/3, but in doubles b's (…326) exceeds a's (…304): the tie must still go to
        // the larger weight, a
        Map<String, Double> b = Map.of("a", 0.4 + 0.3, "b", 0.4, "c", 0.1);
        assertThat(LARGEST_REMAINDER.allocate(b, 4, 0, Map.of(), AllocationBounds.NONE).targets())
                .isEqualTo(Map.of("a", 3, "b", 1, "c", 0));
    }

    @Test
    void largestShareGivesAllLeftoverToTheBiggestShareFirstByName() {
        ProportionalAllocator allocator = new ProportionalAllocator(LeftoverRule.LARGEST_SHARE, 0);
        assertThat(allocator.allocate(Map.of("a", 0.2, "b", 0.3, "c", 0.5), 7, 0, Map.of(), AllocationBounds.NONE).targets())
                .isEqualTo(Map.of("a", 1, "b", 2, "c", 4));
        // 3 pods over 0.45/0.45/0.1: 1.35, 1.35, 0.3 -> 1, 1, 0; both leftovers to a (largest share, first by name)
        assertThat(allocator.allocate(Map.of("b", 0.45, "a", 0.45, "c", 0.1), 3, 0, Map.of(), AllocationBounds.NONE).targets())
                .isEqualTo(Map.of("a", 2, "b", 1, "c", 0));
    }

    @Test
    void randomLeftoverIsReproducibleFromTheSeed() {
        Map<String, Double> b = Map.of("a", 0.35, "b", 0.33, "c", 0.32);
        Allocation first = new ProportionalAllocator(LeftoverRule.RANDOM, 1234).allocate(b, 16, 1, Map.of(), AllocationBounds.NONE);
        Allocation again = new ProportionalAllocator(LeftoverRule.RANDOM, 1234).allocate(b, 16, 1, Map.of(), AllocationBounds.NONE);
        assertThat(again).isEqualTo(first);
        // floors 5, 5, 5: exactly one leftover pod, drawn among the three
        assertThat(first.shares().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(16);
        assertThat(first.shares().values()).containsExactlyInAnyOrder(5, 5, 6);
    }

    @Test
    void randomLeftoverIsDrawnInProportionToWeight() {
        // one pod over weights 1 and 3: floors 0, 0, so the pod goes to a with probability 1/4
        int toA = 0;
        int seeds = 4000;
        for (long seed = 0; seed < seeds; seed++) {
            Allocation allocation = new ProportionalAllocator(LeftoverRule.RANDOM, seed)
                    .allocate(Map.of("a", 1.0, "b", 3.0, "zero", 0.0), 1, 0, Map.of(), AllocationBounds.NONE);
            toA += allocation.targets().get("a");
            assertThat(allocation.targets().get("zero")).isZero();
        }
        // expected 1000, sd = sqrt(4000·0.25·0.75) ≈ 27: ±120 is more than 4 sd
        assertThat(toA).isBetween(880, 1120);
    }

    @Test
    void zeroTotalKeepsCurrentReplicasThenClamps() {
        AllocationBounds bounds = new AllocationBounds(Map.of("c", 2), Map.of("a", 3), 0, Integer.MAX_VALUE);
        Allocation allocation = LARGEST_REMAINDER.allocate(Map.of("a", 0.0, "b", 0.0, "c", -1.0), 16, 1,
                Map.of("a", 5, "b", 4), bounds);
        assertThat(allocation.kept()).isTrue();
        assertThat(allocation.shares()).isEmpty();
        assertThat(allocation.targets()).isEqualTo(Map.of("a", 3, "b", 4, "c", 2)); // a clamped, c had none: base 1 -> min 2
    }

    @Test
    void negativeWeightsCountAsZero() {
        assertThat(LARGEST_REMAINDER.allocate(Map.of("a", 1.0, "b", -5.0), 4, 1, Map.of(), AllocationBounds.NONE).targets())
                .isEqualTo(Map.of("a", 5, "b", 1));
    }

    @Test
    void clampsApplyAfterTheShare() {
        AllocationBounds bounds = new AllocationBounds(Map.of("b", 4), Map.of("a", 6), 0, Integer.MAX_VALUE);
        assertThat(LARGEST_REMAINDER.allocate(Map.of("a", 0.9, "b", 0.1), 10, 1, Map.of(), bounds).targets())
                .isEqualTo(Map.of("a", 6, "b", 4)); // 1+9 -> 6, 1+1 -> 4
    }

    @Test
    void rejectsNonFiniteWeightsAndNegativePools() {
        TreeMap<String, Double> b = new TreeMap<>(Map.of("a", Double.NaN));
        assertThatThrownBy(() -> LARGEST_REMAINDER.allocate(b, 1, 1, Map.of(), AllocationBounds.NONE))
                .hasMessageContaining("weight of a");
        assertThatThrownBy(() -> LARGEST_REMAINDER.allocate(Map.of(), -1, 1, Map.of(), AllocationBounds.NONE))
                .hasMessageContaining("free pool");
    }
}
