package io.queueflower.core.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BalancedAllocatorTest {
    /** The rules at a 3 % bar, so the hand-made numbers below pass or fail it by a clear margin. */
    private static final BalancedSettings P = BalancedSettings.DEFAULT.toBuilder().minGain(0.03).build();
    private static final BalancedAllocator ALLOCATOR = new BalancedAllocator(P);

    /** A measured, settled demand in [1, 100]. */
    static BalancedAllocator.Demand measured(double load, int current) {
        return new BalancedAllocator.Demand(load, current, 1, 100, false, load, 1, true);
    }

    static BalancedAllocator.Demand saturated(double probe, int current) {
        return new BalancedAllocator.Demand(probe, current, 1, 100, true, 0, 1, false);
    }

    static SortedMap<String, BalancedAllocator.Demand> demands(Object... nameAndDemand) {
        TreeMap<String, BalancedAllocator.Demand> map = new TreeMap<>();
        for (int i = 0; i < nameAndDemand.length; i += 2) {
            map.put((String) nameAndDemand[i], (BalancedAllocator.Demand) nameAndDemand[i + 1]);
        }
        return map;
    }

    static BalancedAllocator.Result allocate(SortedMap<String, BalancedAllocator.Demand> demands, int budget) {
        return ALLOCATOR.allocate(demands, budget, Set.of(), Set.of());
    }

    @Test
    void aServiceBelowItsLoadIsRaisedToItsFloorAtOnce() {
        // a carries 2.9 busy servers on 2 pods: floor ceil(2.9 / 0.85) = 4, taken from the idle ones
        var result = allocate(demands("a", measured(2.9, 2), "b", measured(0.1, 3), "c", measured(0.2, 3)), 8);
        assertThat(result.floors()).containsEntry("a", 4);
        assertThat(result.targets().get("a")).isGreaterThanOrEqualTo(4);
        assertThat(result.targets().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
        assertThat(result.reasons().get("a")).contains("stability floor");
        assertThat(result.scarce()).isFalse();
    }

    @Test
    void floorsBeyondTheBudgetBalanceUtilisation() {
        // floors 4 + 4 + 2 = 10 > 6: pods go where a/n is highest, from the minimum of 1 each
        var result = allocate(demands("a", measured(3, 3), "b", measured(3, 2), "c", measured(1, 1)), 6);
        assertThat(result.scarce()).isTrue();
        // 1, 1, 1 -> a (3/1, first by name), b (3/1), a (1.5 ties b's 1.5, first by name)
        assertThat(result.targets()).isEqualTo(Map.of("a", 3, "b", 2, "c", 1));
        assertThat(result.reasons().get("a")).startsWith("scarce");
    }

    @Test
    void aSaturatedServiceGetsWhatTheOthersFloorsLeaveUpToItsProbe() {
        // probe 6 busy -> asks ceil(6/0.85) = 8; the others' floors are 1 + 1, so 10 - 2 = 8 are left for it
        var result = allocate(demands("hot", saturated(6, 3), "x", measured(0.5, 4), "y", measured(0.5, 3)), 10);
        assertThat(result.targets()).containsEntry("hot", 8).containsEntry("x", 1).containsEntry("y", 1);
        // the probe never lowers the saturated service, even when the others' floors take all the rest
        var tight = allocate(demands("hot", saturated(30, 3), "x", measured(1.5, 4), "y", measured(1.5, 3)), 8);
        assertThat(tight.targets().get("hot")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aNegligibleGainMovesNothing() {
        // two equal services a pod apart: moving one back gains too little to pay a pod start-up
        var result = allocate(demands("a", measured(1.0, 4), "b", measured(1.0, 3)), 7);
        assertThat(result.targets()).containsEntry("a", 4).containsEntry("b", 3);
        assertThat(result.moves()).isZero();
        assertThat(result.reasons().get("a")).startsWith("held");
    }

    @Test
    void aClearGainMovesPodsToTheBiggerQueueCappedPerDecision() {
        // a carries most of the load on few pods (above its floor), b idles on many
        var demands = demands("a", measured(2.4, 3), "b", measured(0.2, 13));
        var result = allocate(demands, 16);
        assertThat(result.moves()).isEqualTo(P.maxMoves());
        assertThat(result.targets()).containsEntry("a", 3 + P.maxMoves()).containsEntry("b", 13 - P.maxMoves());
        assertThat(result.inSystemAfter()).isLessThan(result.inSystemBefore());
        assertThat(result.reasons().get("a")).contains("from b");
    }

    @Test
    void movesReachTheGreedyOptimumWhenNotDamped() {
        BalancedAllocator free = new BalancedAllocator(P.toBuilder().minGain(0).maxMoves(100).build());
        var demands = demands("a", measured(3.1, 1), "b", measured(1.2, 8), "c", measured(0.4, 8), "d",
                measured(2.0, 3));
        var once = free.allocate(demands, 20, Set.of(), Set.of()).targets();
        // from any start the same allocation: the M/M/c number in system is convex in the servers
        var other = demands("a", measured(3.1, 10), "b", measured(1.2, 2), "c", measured(0.4, 5), "d",
                measured(2.0, 3));
        assertThat(free.allocate(other, 20, Set.of(), Set.of()).targets()).isEqualTo(once);
    }

    @Test
    void reversingARecentMoveNeedsAHigherBar() {
        // a move from b to a whose net gain is 7.5 % of the two queues: past the plain bar (3 %), not past 3 × 3 %
        var demands = demands("a", measured(1.2, 3), "b", measured(1.0, 4));
        var plain = allocate(demands, 7);
        assertThat(plain.targets()).containsEntry("a", 4).containsEntry("b", 3);
        var bRaisedRecently = ALLOCATOR.allocate(demands, 7, Set.of("b"), Set.of());
        assertThat(bRaisedRecently.targets()).containsEntry("a", 3).containsEntry("b", 4);
        var aLoweredRecently = ALLOCATOR.allocate(demands, 7, Set.of(), Set.of("a"));
        assertThat(aLoweredRecently.targets()).containsEntry("a", 3).containsEntry("b", 4);
    }

    @Test
    void unsettledEstimatesMakeNoDiscretionaryMove() {
        var demands = demands("a", new BalancedAllocator.Demand(2.4, 3, 1, 100, false, 2.4, 1, false),
                "b", measured(0.2, 13));
        assertThat(allocate(demands, 16).moves()).isZero();
    }

    @Test
    void theBudgetIsFilledAndKept() {
        var result = allocate(demands("a", measured(1, 1), "b", measured(1, 1)), 6);
        assertThat(result.targets().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
        var over = allocate(demands("a", measured(1, 5), "b", measured(1, 5)), 6);
        assertThat(over.targets().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
    }

    @Test
    void boundsHold() {
        var demands = demands("a", new BalancedAllocator.Demand(5, 2, 1, 3, false, 5, 1, true), "b", measured(0.1, 6));
        var result = allocate(demands, 8);
        assertThat(result.targets().get("a")).isEqualTo(3);
        assertThat(result.floors().get("a")).isEqualTo(3);
    }

    @Test
    void aMultiServerPodCarriesMore() {
        // 3 busy servers: on 1-request pods the floor is ceil(3/0.85) = 4 pods, on 2-request pods 2
        var one = allocate(demands("a", measured(3, 1), "b", measured(0.1, 7)), 8);
        var two = allocate(demands("a", new BalancedAllocator.Demand(3, 1, 1, 100, false, 3, 2, true),
                "b", measured(0.1, 7)), 8);
        assertThat(one.floors().get("a")).isEqualTo(4);
        assertThat(two.floors().get("a")).isEqualTo(2);
    }

    @Test
    void aHeavierServiceGetsTheContestedPod() {
        // two identical services and one spare pod: by name it goes to a; weighted twice, b takes it
        var even = allocate(demands("a", measured(1.5, 2), "b", measured(1.5, 2)), 5);
        assertThat(even.targets()).containsEntry("a", 3).containsEntry("b", 2);
        var weighted = allocate(demands("a", measured(1.5, 2),
                "b", new BalancedAllocator.Demand(1.5, 2, 1, 100, false, 1.5, 1, true, 2)), 5);
        assertThat(weighted.targets()).containsEntry("a", 2).containsEntry("b", 3);
    }

    @Test
    void theHedgeKeepsRecentPeaksFromWhatIsSpare() {
        BalancedAllocator hedging = new BalancedAllocator(P.toBuilder().minGain(0.99).build());
        // b idles now but carried 2.7 busy servers recently: its hedge ceil(2.7/0.9) = 3 comes before a's free pods
        var demands = demands("a", measured(1, 6), "b", new BalancedAllocator.Demand(0.1, 1, 1, 100, false, 2.7, 1, true));
        var result = hedging.allocate(demands, 7, Set.of(), Set.of());
        assertThat(result.targets()).containsEntry("b", 3).containsEntry("a", 4);
    }
}
