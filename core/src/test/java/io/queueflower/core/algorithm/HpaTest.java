package io.queueflower.core.algorithm;

import static io.queueflower.core.algorithm.Windows.pair;
import static io.queueflower.core.algorithm.Windows.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueflower.core.estimate.WindowSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HpaTest {
    @ParameterizedTest(name = "current {0}, u {1} -> {2}")
    @CsvSource({
            "2, 0.77, 2",  // ratio 1.1: on the tolerance edge, kept
            "2, 0.63, 2",  // ratio 0.9: on the lower edge, kept
            "2, 0.78, 3",  // ratio 1.114: ceil(2.229) = 3
            "2, 0.62, 2",  // ratio 0.886: outside tolerance, ceil(1.771) = 2
            "2, 0.35, 1",  // ratio 0.5: ceil(1.0) = 1, no float noise pod
            "3, 1.40, 6",  // ratio 2
            "4, 0.00, 0",  // idle: 0 before HPA's minimum
            "1, 7.00, 10"}) // ratio 10
    void kubernetesFormulaWithTolerance(int current, double utilization, int expected) {
        assertThat(Hpa.desiredReplicas(current, utilization, HpaSettings.DEFAULT)).isEqualTo(expected);
    }

    @Test
    void utilisationIsTheBusyShareTheTracesQueueImplies() {
        // a: 100 traces / 10 s = 10/s at 140 ms -> L = 1.4 requests in system on 2 servers: M/M/2 has
        // L = 2ρ/(1 − ρ²), so ρ = 0.5146, not λ·W/c = 0.7 (W includes the wait). b: no traces. c: L = 0.35 on one
        // server: ρ/(1 − ρ) = 0.35, ρ = 0.259.
        WindowSnapshot window = window(List.of(pair("a", "f", 100, 140, 140), pair("c", "f", 100, 35, 35)));
        AlgorithmSettings config = AlgorithmSettings.builder().algorithm(AlgorithmKind.HPA).build();
        AlgorithmDecision decision = Hpa.from(config).decide(window, Map.of("a", 2, "b", 3, "c", 1), AlgorithmState.NONE);
        assertThat(decision.explanation(HpaExplanation.class).utilization().get("a")).isCloseTo((-2 + Math.sqrt(4 + 4 * 1.4 * 1.4)) / 2.8, within(1e-9));
        assertThat(decision.explanation(HpaExplanation.class).utilization().get("b")).isZero();
        assertThat(decision.explanation(HpaExplanation.class).utilization().get("c")).isCloseTo(0.35 / 1.35, within(1e-9));
        assertThat(decision.targets()).isEqualTo(Map.of("a", 2, "b", 1, "c", 1)); // b: 0 -> HPA minimum 1
        assertThat(decision.algorithm()).isEqualTo("hpa");
        assertThat(decision.parameters()).containsEntry("targetUtilization", "0.7");
    }

    @Test
    void concurrencyPerPodDividesTheLoad() {
        // L = 3.5: one server is at ρ = 3.5/4.5 = 0.78, 11 % over the 0.7 target -> 2 pods; two servers at 0.754,
        // within the tolerance -> kept
        WindowSnapshot window = window(List.of(pair("a", "f", 100, 350, 350)));
        AlgorithmSettings one = AlgorithmSettings.builder().algorithm(AlgorithmKind.HPA).build();
        AlgorithmSettings two = AlgorithmSettings.builder().algorithm(AlgorithmKind.HPA).hpa(new HpaSettings(0.7, 0.1, 2, 1)).build();
        assertThat(Hpa.from(one).decide(window, Map.of("a", 1), AlgorithmState.NONE).targets()).isEqualTo(Map.of("a", 2));
        assertThat(Hpa.from(two).decide(window, Map.of("a", 1), AlgorithmState.NONE).targets()).isEqualTo(Map.of("a", 1));
    }

    @Test
    void zeroReplicasStayAtZeroWithoutAMinimum() {
        WindowSnapshot window = window(List.of(pair("a", "f", 100, 140, 140)));
        AlgorithmSettings config = AlgorithmSettings.builder().algorithm(AlgorithmKind.HPA).hpa(new HpaSettings(0.7, 0.1, 1, 0)).build();
        AlgorithmDecision decision = Hpa.from(config).decide(window, Map.of("a", 0), AlgorithmState.NONE);
        assertThat(decision.targets()).isEqualTo(Map.of("a", 0));
        assertThat(decision.explanation(HpaExplanation.class).utilization()).doesNotContainKey("a");
    }

    @Test
    void unknownCurrentCountsAsBaseAndClampsApply() {
        WindowSnapshot window = window(List.of(pair("a", "f", 100, 14_000, 14_000)));   // L = 140 on one server
        AlgorithmSettings config = AlgorithmSettings.builder().algorithm(AlgorithmKind.HPA).build();
        // current = base 1; a long queue reads as a busy CPU does, just under 100 %: ceil(1/0.7) = 2
        AlgorithmDecision decision = Hpa.from(config).decide(window, Map.of(), AlgorithmState.NONE);
        assertThat(decision.explanation(HpaExplanation.class).utilization().get("a")).isLessThan(1).isGreaterThan(0.99);
        assertThat(decision.targets()).isEqualTo(Map.of("a", 2));
        AlgorithmSettings capped = config.toBuilder()
                .bounds(new AllocationBounds(Map.of(), Map.of("a", 1), 0, Integer.MAX_VALUE)).build();
        assertThat(Hpa.from(capped).decide(window, Map.of(), AlgorithmState.NONE).targets()).isEqualTo(Map.of("a", 1));
    }
}
