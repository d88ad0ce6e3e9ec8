package io.queueflower.core.algorithm;

import static io.queueflower.core.algorithm.Windows.END;
import static io.queueflower.core.algorithm.Windows.START;
import static io.queueflower.core.algorithm.Windows.flow;
import static io.queueflower.core.algorithm.Windows.pair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueflower.core.estimate.WindowSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancedQueueFlowerTest {
    private static final AlgorithmSettings CONFIG = AlgorithmSettings.builder().variant(Variant.BALANCED)
            .baseReplicas(1).freePool(6).build(); // 2 services, budget 8

    /** A window in which `hot` carries λ = 40/s at W ms and `cold` 40/s at 10 ms (10 s windows). */
    private static WindowSnapshot window(double hotMs) {
        return Windows.window(List.of(pair("hot", "f", 400, hotMs, hotMs), pair("cold", "f", 400, 10, 10)),
                List.of(flow("f", 400, hotMs + 10)));
    }

    private static AlgorithmDecision decide(WindowSnapshot window, Map<String, Integer> current, AlgorithmState state) {
        return ScalingAlgorithms.create(CONFIG).decide(window, current, state);
    }

    @Test
    void theFactoryPicksTheBalancedController() {
        assertThat(ScalingAlgorithms.create(CONFIG)).isInstanceOf(BalancedQueueFlower.class);
        assertThat(ScalingAlgorithms.create(CONFIG.toBuilder().variant(Variant.PROP_SLA2).build()))
                .isInstanceOf(QueueFlower.class);
    }

    @Test
    void aServiceBelowItsLoadGetsItsFloorAndTheDecisionSaysWhy() {
        // hot: L = 40/s · 2 s = 80 on 2 pods: saturated, probed at 2·2 = 4 busy servers -> asks ceil(4/0.85) = 5,
        // which the budget allows (cold's floor is 1)
        AlgorithmDecision decision = decide(window(2000), Map.of("hot", 2, "cold", 6), AlgorithmState.NONE);
        assertThat(decision.variant()).isEqualTo("balanced");
        assertThat(decision.targets().get("hot")).isGreaterThanOrEqualTo(5);
        assertThat(decision.targets().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
        assertThat(decision.explanation(BalancedExplanation.class).reasons().get("hot")).startsWith("saturated").contains("L=80.00", "lambda=40.00/s");
        assertThat(decision.explanation(BalancedExplanation.class).reasons().get("cold")).startsWith("clean");
        assertThat(decision.explanation(BalancedExplanation.class).serviceQueue().get("hot")).isCloseTo(80.0, within(1e-9));
        assertThat(decision.explanation(BalancedExplanation.class).arrivalRatePerSec().get("cold")).isCloseTo(40.0, within(1e-9));
        assertThat(decision.parameters()).containsEntry("variant", "balanced").containsEntry("budget", "8");
    }

    @Test
    void theStateCarriesTheMoveSoTheNextWindowIsMixedForTheMovedService() {
        AlgorithmDecision first = decide(window(2000), Map.of("hot", 2, "cold", 6), AlgorithmState.NONE);
        BalancedState state = (BalancedState) first.nextState();
        assertThat(state.of("hot").lastMove()).isEqualTo(1);
        assertThat(state.of("hot").lastMoveAtMs()).isEqualTo(END);
        assertThat(state.of("cold").lastMove()).isEqualTo(-1);
        assertThat(state.of("cold").serviceTimeMs()).as("learnt from a clean window").isPositive();
        assertThat(state.of("hot").serviceTimeMs()).as("not from a saturated one").isNaN();

        // the next window starts at END, before END + settle (30 s): mixed for both moved services
        WindowSnapshot next = WindowSnapshot.of(END, END + 10_000, true, List.of(pair("hot", "f", 400, 30, 30),
                pair("cold", "f", 400, 10, 10)), List.of(flow("f", 400, 40)));
        AlgorithmDecision second = decide(next, first.targets(), state);
        assertThat(second.explanation(BalancedExplanation.class).reasons().get("hot")).startsWith("mixed");
        assertThat(second.explanation(BalancedExplanation.class).reasons().get("cold")).startsWith("mixed");
    }

    @Test
    void aQuietWindowKeepsTheAllocation() {
        AlgorithmDecision decision = decide(window(10), Map.of("hot", 4, "cold", 4), AlgorithmState.NONE);
        // two equal services on equal pods: nothing to gain
        assertThat(decision.targets()).isEqualTo(Map.of("hot", 4, "cold", 4));
        assertThat(decision.explanation(BalancedExplanation.class).reasons().get("hot")).contains("held");
        assertThat(decision.note()).startsWith("0 move(s)");
    }

    @Test
    void anEmptyWindowHalvesWhatWasPlannedAndStaysWithinTheBudget() {
        AlgorithmDecision first = decide(window(10), Map.of("hot", 4, "cold", 4), AlgorithmState.NONE);
        WindowSnapshot empty = WindowSnapshot.of(START + 10_000, END + 10_000, true, List.of(), List.of());
        AlgorithmDecision second = decide(empty, first.targets(), first.nextState());
        assertThat(second.explanation(BalancedExplanation.class).reasons().get("hot")).startsWith("idle");
        assertThat(second.targets().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
    }
}
