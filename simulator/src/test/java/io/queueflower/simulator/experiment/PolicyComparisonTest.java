package io.queueflower.simulator.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PolicyComparisonTest {
    private static RunResult run(long seed, double meanMs) {
        FlowResult all = new FlowResult(1000, 0, meanMs, meanMs, meanMs, meanMs, 0);
        return new RunResult("w", "p", seed, new TreeMap<>(), all, 0, 0, 0, 0, 30, new TreeMap<>(), new TreeMap<>());
    }

    @Test
    void verdictsNeedTheWholeIntervalOnOneSide() {
        assertThat(PolicyComparison.verdict(new MeanWithCi(-5, 2, 5))).isEqualTo(PolicyComparison.Verdict.WINS);
        assertThat(PolicyComparison.verdict(new MeanWithCi(5, 2, 5))).isEqualTo(PolicyComparison.Verdict.LOSES);
        assertThat(PolicyComparison.verdict(new MeanWithCi(-1, 2, 5))).isEqualTo(PolicyComparison.Verdict.TIES);
    }

    @Test
    void runsArePairedBySeed() {
        List<RunResult> policy = List.of(run(1, 110), run(2, 220), run(3, 900));
        List<RunResult> best = List.of(run(3, 100), run(2, 200), run(1, 100));
        MeanWithCi ratio = PolicyComparison.latencyRatio(policy, best);
        assertThat(ratio.mean()).isCloseTo((1.1 + 1.1 + 9) / 3, within(1e-12));
        assertThat(PolicyComparison.collapses(policy, best)).isEqualTo(1);
        assertThat(PolicyComparison.paired(policy, best, r -> r.all().meanMs(), false).mean())
                .isCloseTo((10 + 20 + 800) / 3.0, within(1e-9));
        assertThat(PolicyComparison.paired(policy, best, r -> r.all().meanMs(), true).mean())
                .isCloseTo((10 + 10 + 800) / 3.0, within(1e-9));
        assertThatThrownBy(() -> PolicyComparison.latencyRatio(policy, List.of(run(9, 1))))
                .hasMessageContaining("no seed in common");
    }

    @Test
    void aFlapIsAReversalWithinTwoWindows() {
        // up, down next window (flap), up two windows later (flap), up again (no reversal), down after three (none)
        Map<String, List<Integer>> timeline = Map.of(
                "a", List.of(1, 2, 1, 1, 2, 3, 3, 3, 2),
                "b", List.of(4, 4, 4, 4, 4, 4, 4, 4, 4));
        PolicyComparison.Flapping flapping = PolicyComparison.flapping(timeline);
        assertThat(flapping.moves()).isEqualTo(5);
        assertThat(flapping.flaps()).isEqualTo(2);
        assertThat(flapping.percent()).isCloseTo(40, within(1e-9));
    }
}
