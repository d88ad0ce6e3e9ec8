package io.queueflower.core.algorithm;

import static io.queueflower.core.algorithm.Windows.pair;
import static io.queueflower.core.algorithm.Windows.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueflower.core.estimate.WindowSnapshot;
import io.queueflower.core.sla.SlaTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueFlowerTest {
    /*
     * A in f1 (20 traces, 10 ms, tail 15) and f2 (10 traces, 20 ms, tail 30); B in f1 (20, 30 ms, tail 60);
     * C in f2 (10, 5 ms, tail 10). Flow totals: q f1 = 40, f2 = 25; t f1 = 75, f2 = 40.
     */
    private static final WindowSnapshot WINDOW = window(List.of(
            pair("A", "f1", 20, 10, 15), pair("A", "f2", 10, 20, 30),
            pair("B", "f1", 20, 30, 60), pair("C", "f2", 10, 5, 10)));
    private static final SlaTable AVERAGE = SlaTable.of(Map.of("A", Map.of("f1", 35.0, "f2", 30.0), "B", Map.of("f1", 50.0)));
    private static final SlaTable TAIL = SlaTable.of(Map.of("A", Map.of("f1", 70.0), "B", Map.of("f1", 70.0), "C", Map.of("f2", 30.0)));

    private static AlgorithmSettings.Builder config() {
        return AlgorithmSettings.builder().averageSla(AVERAGE).tailSla(TAIL);
    }

    @Test
    void referenceExampleUnderProp() {
        WindowSnapshot window = window(List.of(
                pair("node1", "f1", 3), pair("node1", "f2", 7), pair("node2", "f1", 2), pair("node2", "f2", 3),
                pair("node3", "f1", 5), pair("node4", "f2", 0)));
        AlgorithmSettings config = AlgorithmSettings.builder().variant(Variant.PROP).freePool(40).baseReplicas(0).build();
        AlgorithmDecision decision = QueueFlower.from(config).decide(window, Map.of(), AlgorithmState.NONE);
        assertThat(decision.targets()).isEqualTo(Map.of("node1", 20, "node2", 10, "node3", 10, "node4", 0));
        assertThat(decision.explanation(ProportionalExplanation.class).serviceQueue()).isEqualTo(Map.of("node1", 10.0, "node2", 5.0, "node3", 5.0, "node4", 0.0));
        assertThat(decision.explanation(ProportionalExplanation.class).blocking()).isEqualTo(Map.of("node1", 0.5, "node2", 0.25, "node3", 0.25, "node4", 0.0));
    }

    @Test
    void propSla2WithDefaultsHandWorked() {
        // avevio (clip): A 5, B 0, C 0. tailvio: A 75-70 = 5, B 5, C 40-30 = 10. q: A 30, B 30, C 5.
        // b: A 0.5807692, B 0.2807692, C 0.1384615 (sum 1) -> 16 pods: 9.29, 4.49, 2.22 -> 9, 4, 2 + leftover to B
        AlgorithmDecision decision = QueueFlower.from(config().build()).decide(WINDOW, Map.of(), AlgorithmState.NONE);
        assertThat(decision.explanation(ProportionalExplanation.class).avgViolation()).isEqualTo(Map.of("A", 5.0, "B", 0.0, "C", 0.0));
        assertThat(decision.explanation(ProportionalExplanation.class).tailViolation()).isEqualTo(Map.of("A", 5.0, "B", 5.0, "C", 10.0));
        assertThat(decision.explanation(ProportionalExplanation.class).blocking().get("A")).isCloseTo(0.5807692, within(1e-6));
        assertThat(decision.explanation(ProportionalExplanation.class).blocking().get("B")).isCloseTo(0.2807692, within(1e-6));
        assertThat(decision.explanation(ProportionalExplanation.class).blocking().get("C")).isCloseTo(0.1384615, within(1e-6));
        assertThat(decision.targets()).isEqualTo(Map.of("A", 10, "B", 6, "C", 3));
        assertThat(decision.explanation(ProportionalExplanation.class).queues()).isEqualTo(Map.of("A", Map.of("f1", 10.0, "f2", 20.0), "B", Map.of("f1", 30.0),
                "C", Map.of("f2", 5.0)));
        assertThat(decision.explanation(ProportionalExplanation.class).tail()).isEqualTo(Map.of("A", Map.of("f1", 15.0, "f2", 30.0), "B", Map.of("f1", 60.0),
                "C", Map.of("f2", 10.0)));
        assertThat(decision.algorithm()).isEqualTo("queueflower");
        assertThat(decision.variant()).isEqualTo("prop-sla2");
        assertThat(decision.estimator()).isEqualTo("reference");
        assertThat(decision.explanation()).isInstanceOf(ProportionalExplanation.class);
        assertThat(decision.parameters()).containsEntry("weights", "0.5,0.3,0.2").containsEntry("freePool", "16")
                .containsEntry("clip", "true").containsEntry("leftover", "largest-remainder");
        assertThat(decision.note()).isNull();
    }

    @Test
    void propIgnoresViolations() {
        // b = q/Σq: 30/65, 30/65, 5/65 -> 7.38, 7.38, 1.23 -> 7, 7, 1; the leftover ties A and B -> A by name
        AlgorithmDecision decision = QueueFlower.from(config().variant(Variant.PROP).build()).decide(WINDOW, Map.of(), AlgorithmState.NONE);
        assertThat(decision.targets()).isEqualTo(Map.of("A", 9, "B", 8, "C", 2));
        assertThat(decision.parameters()).containsEntry("weights", "1.0,0.0,0.0");
    }

    @Test
    void propSlaUsesQueueAndAverageTermsWithWeightsAsTheyAre() {
        // b: A 0.5·30/65 + 0.3 = 0.5307692, B 0.2307692, C 0.0384615; Σb = 0.8 -> 16·b/0.8: 10.62, 4.62, 0.77
        // -> 10, 4, 0; leftovers: C (0.77), then A (ties B's 0.62, larger b)
        AlgorithmDecision decision = QueueFlower.from(config().variant(Variant.PROP_SLA).build()).decide(WINDOW, Map.of(), AlgorithmState.NONE);
        assertThat(decision.explanation(ProportionalExplanation.class).blocking().get("A")).isCloseTo(0.5307692, within(1e-6));
        assertThat(decision.targets()).isEqualTo(Map.of("A", 12, "B", 5, "C", 2));
        assertThat(decision.parameters()).containsEntry("weights", "0.5,0.3,0.0");
    }

    @Test
    void unclippedViolationsAsInTheReference() {
        // avevio: A 5 + (25-30) = 0, B -10, C 0 -> total -10: the term drops out; tailvio unchanged (all positive)
        // b: A 0.2307692 + 0.05, B 0.2307692 + 0.05, C 0.0384615 + 0.1 (Σ 0.7) -> 16·b/0.7: 6.42, 6.42, 3.16
        // -> 6, 6, 3; leftover ties A/B -> A
        AlgorithmDecision decision = QueueFlower.from(config().clipViolations(false).build()).decide(WINDOW, Map.of(), AlgorithmState.NONE);
        assertThat(decision.explanation(ProportionalExplanation.class).avgViolation()).isEqualTo(Map.of("A", 0.0, "B", -10.0, "C", 0.0));
        assertThat(decision.targets()).isEqualTo(Map.of("A", 8, "B", 7, "C", 4));
    }

    @Test
    void littlesLawEstimatorSharesByRequestsInService() {
        // λ·W: A 2/s·0.010 + 1/s·0.020 = 0.04; B 2·0.030 = 0.06; C 1·0.005 = 0.005 (Σ 0.105)
        // prop: 16·q/Σq = 6.10, 9.14, 0.76 -> 6, 9, 0, leftover C
        AlgorithmDecision decision = QueueFlower.from(config().variant(Variant.PROP).estimator(Estimator.LITTLES_LAW).build())
                .decide(WINDOW, Map.of(), AlgorithmState.NONE);
        assertThat(decision.explanation(ProportionalExplanation.class).serviceQueue().get("A")).isCloseTo(0.04, within(1e-12));
        assertThat(decision.explanation(ProportionalExplanation.class).serviceQueue().get("B")).isCloseTo(0.06, within(1e-12));
        assertThat(decision.targets()).isEqualTo(Map.of("A", 7, "B", 10, "C", 2));
        assertThat(decision.estimator()).isEqualTo("littles-law");
    }

    @Test
    void littlesLawStillMeasuresViolationsInMilliseconds() {
        AlgorithmDecision decision = QueueFlower.from(config().estimator(Estimator.LITTLES_LAW).build())
                .decide(WINDOW, Map.of(), AlgorithmState.NONE);
        assertThat(decision.explanation(ProportionalExplanation.class).avgViolation()).isEqualTo(Map.of("A", 5.0, "B", 0.0, "C", 0.0));
    }

    @Test
    void excludedServicesGetNoTargetButCountInFlowLatency() {
        WindowSnapshot window = window(List.of(pair("frontend", "f1", 100), pair("A", "f1", 10), pair("B", "f1", 30)));
        SlaTable sla = SlaTable.of(Map.of("A", Map.of("f1", 135.0)));
        AlgorithmSettings config = AlgorithmSettings.builder().averageSla(sla).excludedServices(Set.of("frontend")).build();
        AlgorithmDecision decision = QueueFlower.from(config).decide(window, Map.of("frontend", 2), AlgorithmState.NONE);
        assertThat(decision.targets()).containsOnlyKeys("A", "B");
        assertThat(decision.explanation(ProportionalExplanation.class).avgViolation()).isEqualTo(Map.of("A", 5.0, "B", 0.0)); // 140 - 135
        assertThat(decision.explanation(ProportionalExplanation.class).queues()).containsOnlyKeys("A", "B");
        assertThat(decision.parameters()).containsEntry("excludedServices", "frontend");
    }

    @Test
    void servicesOnlyInCurrentReplicasGetTheBase() {
        AlgorithmDecision decision = QueueFlower.from(config().build()).decide(WINDOW, Map.of("idle", 4), AlgorithmState.NONE);
        assertThat(decision.targets()).containsEntry("idle", 1);
        assertThat(decision.targets().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4 + 16);
        assertThat(decision.currentReplicas()).isEqualTo(Map.of("idle", 4));
    }

    @Test
    void zeroBlockingKeepsCurrentReplicas() {
        WindowSnapshot idle = window(List.of(pair("A", "f1", 0), pair("B", "f1", 0)));
        AlgorithmDecision decision = QueueFlower.from(AlgorithmSettings.defaults()).decide(idle, Map.of("A", 3), AlgorithmState.NONE);
        assertThat(decision.targets()).isEqualTo(Map.of("A", 3, "B", 1));
        assertThat(decision.note()).contains("current replicas kept");
    }

    @Test
    void clampsBindAfterAllocation() {
        AlgorithmSettings config = config().bounds(new AllocationBounds(Map.of("C", 5), Map.of("A", 4), 0, 100)).build();
        AlgorithmDecision decision = QueueFlower.from(config).decide(WINDOW, Map.of(), AlgorithmState.NONE);
        assertThat(decision.targets()).isEqualTo(Map.of("A", 4, "B", 6, "C", 5));
    }

    @Test
    void randomLeftoverUsesTheSeedAndRecordsIt() {
        AlgorithmSettings config = config().leftover(LeftoverRule.RANDOM).seed(99).build();
        AlgorithmDecision first = QueueFlower.from(config).decide(WINDOW, Map.of(), AlgorithmState.NONE);
        assertThat(QueueFlower.from(config).decide(WINDOW, Map.of(), AlgorithmState.NONE)).isEqualTo(first);
        assertThat(first.parameters()).containsEntry("seed", "99").containsEntry("leftover", "random");
        // floors 9, 4, 2 are fixed; the single leftover pod goes somewhere
        assertThat(first.targets().get("A")).isBetween(10, 11);
        assertThat(first.targets().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(19);
    }
}
