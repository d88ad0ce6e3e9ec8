package io.queueflower.core.algorithm;

import static io.queueflower.core.algorithm.Windows.flow;
import static io.queueflower.core.algorithm.Windows.pair;
import static io.queueflower.core.algorithm.Windows.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.core.estimate.WindowSnapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HabTest {
    @Test
    void podsAreFlooredRawValuesWithinCapacity() {
        // φ = 11, λ_base = 2: raw = 22·s = 11, 22, 0.44 (Σ 33.44 <= 40) -> 11, 22, floor 0 -> 1
        assertThat(Hab.pods(11, 2, Map.of("a", 0.5, "b", 1.0, "c", 0.02), 40))
                .isEqualTo(Map.of("a", 11, "b", 22, "c", 1));
    }

    @Test
    void podsAreScaledDownProportionallyWhenOverCapacity() {
        // same raw, capacity 24: ·24/33.44 = 7.89, 15.79, 0.32 -> 7, 15, 1
        assertThat(Hab.pods(11, 2, Map.of("a", 0.5, "b", 1.0, "c", 0.02), 24))
                .isEqualTo(Map.of("a", 7, "b", 15, "c", 1));
        // raw 2.2, 6.6, 28.6 (Σ 37.4) over capacity 17 -> exactly 1, 3, 13; in doubles 0.999.., 2.999.., 12.999..,
        // which must not floor to 0 (-> 1), 2, 12
        assertThat(Hab.pods(11, 2, Map.of("a", 0.1, "b", 0.3, "c", 1.3), 17)).isEqualTo(Map.of("a", 1, "b", 3, "c", 13));
    }

    private static WindowSnapshot windowWithLatency(double... flowMeansMs) {
        List<io.queueflower.core.estimate.FlowWindowStats> flows = new java.util.ArrayList<>();
        for (int i = 0; i < flowMeansMs.length; i++) {
            flows.add(flow("f" + i, 10, flowMeansMs[i]));
        }
        return window(List.of(pair("a", "f0", 10, 0.5, 0.5)), flows);
    }

    @Test
    void bisectionOverSeveralWindows() {
        // one service with s = 0.5 ms, capacity 1 + 40: pods = floor(φ·2·0.5) = floor(φ)
        AlgorithmSettings config = AlgorithmSettings.builder().algorithm(AlgorithmKind.HAB).freePool(40).build();
        Hab hab = Hab.from(config);
        AlgorithmState state = AlgorithmState.NONE;
        record Step(double[] latency, double lo, double hi, double phi, int pods) {
        }
        List<Step> steps = List.of(
                new Step(new double[] {900, 2100}, 2, 20, 11, 11),        // first window: φ = 11 applied, nothing measured
                new Step(new double[] {1000, 2000}, 11, 20, 15.5, 15),     // R 3000 > 2000: lo = 11
                new Step(new double[] {2500}, 15.5, 20, 17.75, 17),        // R 2500 > 2000: lo = 15.5
                new Step(new double[] {300, 200}, 15.5, 17.75, 16.625, 16), // R 500 < 1000: hi = 17.75
                new Step(new double[] {1500}, 15.5, 17.75, 16.625, 16),    // within 1500 ± 500: hold
                new Step(new double[] {1000}, 15.5, 17.75, 16.625, 16),    // R = 1000 is not below the band: hold
                new Step(new double[] {2000}, 15.5, 17.75, 16.625, 16),    // R = 2000 is not above the band: hold
                new Step(new double[] {}, 15.5, 17.75, 16.625, 16),        // no trace: hold
                new Step(new double[] {2000.5}, 16.625, 17.75, 17.1875, 17)); // just above: lo = 16.625
        for (Step step : steps) {
            AlgorithmDecision decision = hab.decide(windowWithLatency(step.latency()), Map.of("a", 1), state);
            state = decision.nextState();
            assertThat(state).isEqualTo(new HabState(step.lo(), step.hi(), step.phi(), true));
            assertThat(decision.explanation(HabExplanation.class).phi()).isEqualTo(step.phi());
            assertThat(decision.targets()).isEqualTo(Map.of("a", step.pods()));
        }
    }

    @Test
    void decisionExplainsItself() {
        AlgorithmSettings config = AlgorithmSettings.builder().algorithm(AlgorithmKind.HAB).build();
        AlgorithmDecision first = Hab.from(config).decide(windowWithLatency(3000), Map.of("a", 1, "b", 2), AlgorithmState.NONE);
        assertThat(first.algorithm()).isEqualTo("hab");
        assertThat(first.note()).isEqualTo("initial phi applied");
        assertThat(first.explanation(HabExplanation.class).serviceTimeMs()).isEqualTo(Map.of("a", 0.5, "b", 0.0));
        assertThat(first.explanation(HabExplanation.class).arrivalRatePerSec()).isEqualTo(Map.of("a", 1.0, "b", 0.0));
        assertThat(first.parameters()).containsEntry("capacity", "18").containsEntry("measuredLatencyMs", "3000.0")
                .containsEntry("serviceTimeUnit", "milliseconds");
        AlgorithmDecision second = Hab.from(config).decide(windowWithLatency(3000), Map.of("a", 1, "b", 2), first.nextState());
        assertThat(second.note()).startsWith("R above");
    }

    @Test
    void secondsMakeMillisecondServicesRoundToOnePod() {
        AlgorithmSettings config = AlgorithmSettings.builder().algorithm(AlgorithmKind.HAB)
                .hab(new HabSettings(1500, 500, 2, 20, 2, TimeUnit.SECONDS)).build();
        assertThat(Hab.from(config).decide(windowWithLatency(1), Map.of(), AlgorithmState.NONE).targets())
                .isEqualTo(Map.of("a", 1));
    }

    @Test
    void clampsApplyAfterTheMinimumOfOne() {
        AlgorithmSettings config = AlgorithmSettings.builder().algorithm(AlgorithmKind.HAB)
                .bounds(new AllocationBounds(Map.of("b", 3), Map.of("a", 4), 0, Integer.MAX_VALUE)).build();
        assertThat(Hab.from(config).decide(windowWithLatency(1), Map.of("b", 1), AlgorithmState.NONE).targets())
                .isEqualTo(Map.of("a", 4, "b", 3)); // a: floor(11) -> 4; b: no traces -> 1 -> 3
    }

    @Test
    void rejectsInconsistentParametersAndState() {
        assertThatThrownBy(() -> new HabSettings(1500, 500, 20, 2, 2, TimeUnit.MILLISECONDS)).hasMessageContaining("phi=[20.0, 2.0]");
        assertThatThrownBy(() -> new HabSettings(1500, 500, 2, 20, 2, TimeUnit.HOURS)).hasMessageContaining("HOURS");
        assertThatThrownBy(() -> new HabState(5, 10, 11, true)).hasMessageContaining("lo <= phi <= hi");
    }
}
