package io.queueflower.core.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueflower.core.sla.SlaTable;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueFlowerScoresTest {
    // q: A {f1: 10, f2: 20}, B {f1: 30}, C {f2: 5} -> flow totals f1 = 40, f2 = 25
    private static final Map<String, Map<String, Double>> Q = Map.of(
            "A", Map.of("f1", 10.0, "f2", 20.0), "B", Map.of("f1", 30.0), "C", Map.of("f2", 5.0));
    // C has no SLA in f2; D has an SLA but never appears
    private static final SlaTable SLA = SlaTable.of(Map.of(
            "A", Map.of("f1", 35.0, "f2", 30.0), "B", Map.of("f1", 50.0), "D", Map.of("f1", 1.0)));
    private static final Set<String> SERVICES = Set.of("A", "B", "C");

    @Test
    void flowTotalsSumOverServices() {
        assertThat(QueueFlowerScores.flowTotals(Q)).isEqualTo(Map.of("f1", 40.0, "f2", 25.0));
    }

    @Test
    void clippedViolationsCountOnlyPositivePairs() {
        // A f1: 40-35 = 5; A f2: 25-30 = -5 -> 0; B f1: 40-50 = -10 -> 0; C f2: no SLA -> absent
        var pairs = QueueFlowerScores.violations(Q, SERVICES, SLA, true);
        assertThat(pairs).isEqualTo(Map.of("A", Map.of("f1", 5.0, "f2", 0.0), "B", Map.of("f1", 0.0), "C", Map.of()));
        assertThat(QueueFlowerScores.perService(pairs, SERVICES)).isEqualTo(Map.of("A", 5.0, "B", 0.0, "C", 0.0));
    }

    @Test
    void unclippedViolationsGoNegativeAsInTheReference() {
        var pairs = QueueFlowerScores.violations(Q, SERVICES, SLA, false);
        assertThat(pairs).isEqualTo(Map.of("A", Map.of("f1", 5.0, "f2", -5.0), "B", Map.of("f1", -10.0), "C", Map.of()));
        assertThat(QueueFlowerScores.perService(pairs, SERVICES)).isEqualTo(Map.of("A", 0.0, "B", -10.0, "C", 0.0));
    }

    @Test
    void flowTotalsIncludeServicesNotDecidedOn() {
        // an excluded frontend with 100 ms in f1 still counts in f1's latency: A f1 = 140 - 35 = 105
        Map<String, Map<String, Double>> withFrontend = new java.util.HashMap<>(Q);
        withFrontend.put("frontend", Map.of("f1", 100.0));
        assertThat(QueueFlowerScores.violations(withFrontend, Set.of("A"), SLA, true))
                .isEqualTo(Map.of("A", Map.of("f1", 105.0, "f2", 0.0)));
    }

    @Test
    void blockingWeighsEachTermByItsShare() {
        // q: A 30, B 30, C 5 (sum 65); avevio: A 5 (sum 5); tailvio: A 5, B 5, C 10 (sum 20)
        var b = QueueFlowerScores.blocking(SERVICES, Map.of("A", 30.0, "B", 30.0, "C", 5.0),
                Map.of("A", 5.0, "B", 0.0, "C", 0.0), Map.of("A", 5.0, "B", 5.0, "C", 10.0), Weights.DEFAULT);
        assertThat(b.get("A")).isCloseTo(0.5 * 30 / 65 + 0.3 + 0.2 * 5 / 20, within(1e-12)); // 0.5807692
        assertThat(b.get("B")).isCloseTo(0.5 * 30 / 65 + 0.2 * 5 / 20, within(1e-12));       // 0.2807692
        assertThat(b.get("C")).isCloseTo(0.5 * 5 / 65 + 0.2 * 10 / 20, within(1e-12));       // 0.1384615
        assertThat(b.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void termsWhoseTotalIsNotPositiveContributeNothing() {
        // avevio sums to -10 (unclipped) and tailvio to 0: only the queue term remains
        var b = QueueFlowerScores.blocking(SERVICES, Map.of("A", 30.0, "B", 30.0, "C", 5.0),
                Map.of("A", 0.0, "B", -10.0, "C", 0.0), Map.of(), Weights.DEFAULT);
        assertThat(b.get("A")).isCloseTo(0.5 * 30 / 65, within(1e-12));
        assertThat(b.get("B")).isCloseTo(0.5 * 30 / 65, within(1e-12));
        assertThat(b.get("C")).isCloseTo(0.5 * 5 / 65, within(1e-12));
        var zero = QueueFlowerScores.blocking(SERVICES, Map.of(), Map.of(), Map.of(), Weights.DEFAULT);
        assertThat(zero).isEqualTo(Map.of("A", 0.0, "B", 0.0, "C", 0.0));
    }

    @Test
    void unclippedNegativeViolationsCanMakeAScoreNegative() {
        // avevio A 20, B -10 -> total 10 > 0: B's term is 0.3·(-10)/10 = -0.3
        var b = QueueFlowerScores.blocking(Set.of("A", "B"), Map.of("A", 1.0, "B", 1.0),
                Map.of("A", 20.0, "B", -10.0), Map.of(), Weights.DEFAULT);
        assertThat(b.get("A")).isCloseTo(0.25 + 0.6, within(1e-12));
        assertThat(b.get("B")).isCloseTo(0.25 - 0.3, within(1e-12));
    }
}
