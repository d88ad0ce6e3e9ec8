package io.queueflower.core.algorithm;

import static io.queueflower.core.algorithm.Windows.pair;
import static io.queueflower.core.algorithm.Windows.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.avro.FlowStats;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.core.estimate.FlowWindowStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionRecordsTest {
    @Test
    void queueFlowerDecisionMapsOntoTheAvroContract() {
        var window = window(List.of(pair("geo", "f", 3), pair("rate", "f", 1)),
                List.of(new FlowWindowStats("f", 10, 2, 0, 12.5, 20, 30, 1, 0)));
        AlgorithmDecision decision = QueueFlower.from(AlgorithmSettings.builder().variant(Variant.PROP).freePool(4).build())
                .decide(window, Map.of("geo", 2), AlgorithmState.NONE);
        ScalingDecision avro = DecisionRecords.toAvro(decision, "hotel", 123L, Map.of("geo", "geo-hotel-hotelres"));

        assertThat(avro.getDecisionId()).isEqualTo("hotel/queueflower/" + Windows.END);
        assertThat(avro.getNamespace()).isEqualTo("hotel");
        assertThat(avro.getWindowStart()).isEqualTo(Windows.START);
        assertThat(avro.getCreatedAtMs()).isEqualTo(123L);
        assertThat(avro.getVariant()).isEqualTo("prop");
        assertThat(avro.getEstimator()).isEqualTo("reference");
        // 4 pods over 3:1 -> 3, 1; base 1
        assertThat(avro.getTargets()).isEqualTo(Map.of("geo-hotel-hotelres", 4, "rate", 2));
        assertThat(avro.getCurrentReplicas()).isEqualTo(Map.of("geo-hotel-hotelres", 2));
        assertThat(avro.getDeployments()).isEqualTo(Map.of("geo", "geo-hotel-hotelres", "rate", "rate"));
        assertThat(avro.getFlows()).isEqualTo(Map.of("f", new FlowStats(10L, 12.5, 20.0, 30.0, 2L)));
        assertThat(avro.getQueues()).isEqualTo(Map.of("geo", Map.of("f", 3.0), "rate", Map.of("f", 1.0)));
        assertThat(avro.getServiceQueue()).isEqualTo(Map.of("geo", 3.0, "rate", 1.0));
        assertThat(avro.getBlocking()).isEqualTo(Map.of("geo", 0.75, "rate", 0.25));
        assertThat(avro.getPhi()).isNull();
        assertThat(avro.getParameters()).containsEntry("variant", "prop").doesNotContainKey("note");
    }

    @Test
    void habDecisionCarriesPhiAndNote() {
        AlgorithmDecision decision = Hab.from(AlgorithmSettings.builder().algorithm(AlgorithmKind.HAB).build())
                .decide(window(List.of(pair("a", "f", 1))), Map.of(), AlgorithmState.NONE);
        ScalingDecision avro = DecisionRecords.toAvro(decision, "ns", 0, Map.of());
        assertThat(avro.getPhi()).isEqualTo(11.0);
        assertThat(avro.getParameters()).containsEntry("note", "initial phi applied").containsEntry("phiLo", "2.0");
        assertThat(avro.getVariant()).isNull();
        // only what HAB computes: no QueueFlower scores in its record
        assertThat(avro.getBlocking()).isEmpty();
        assertThat(avro.getQueues()).isEmpty();
        assertThat(avro.getReasons()).isEmpty();
    }

    @Test
    void eachAlgorithmIsExplainedInItsOwnTerms() {
        var window = window(List.of(pair("a", "f", 1), pair("b", "f", 2)));
        AlgorithmDecision hab = ScalingAlgorithms.create(AlgorithmSettings.builder().algorithm(AlgorithmKind.HAB)
                .build()).decide(window, Map.of(), AlgorithmState.NONE);
        AlgorithmDecision prop = ScalingAlgorithms.create(AlgorithmSettings.builder().variant(Variant.PROP).build())
                .decide(window, Map.of(), AlgorithmState.NONE);
        AlgorithmDecision balanced = ScalingAlgorithms.create(AlgorithmSettings.builder().variant(Variant.BALANCED).build())
                .decide(window, Map.of(), AlgorithmState.NONE);
        AlgorithmDecision hpa = ScalingAlgorithms.create(AlgorithmSettings.builder().algorithm(AlgorithmKind.HPA)
                .build()).decide(window, Map.of("a", 1, "b", 1), AlgorithmState.NONE);
        AlgorithmDecision fixed = ScalingAlgorithms.create(AlgorithmSettings.builder().algorithm(AlgorithmKind.STATIC)
                .build()).decide(window, Map.of(), AlgorithmState.NONE);

        assertThat(hab.explanation()).isInstanceOf(HabExplanation.class);
        assertThat(prop.explanation(ProportionalExplanation.class).blocking()).containsOnlyKeys("a", "b");
        assertThat(balanced.explanation(BalancedExplanation.class).reasons()).containsOnlyKeys("a", "b");
        assertThat(hpa.explanation(HpaExplanation.class).utilization()).containsOnlyKeys("a", "b");
        assertThat(fixed.explanation()).isInstanceOf(Explanation.Fixed.class);
        assertThat(List.of(prop.variant(), balanced.variant())).containsExactly("prop", "balanced");
        assertThat(hab.variant()).isNull();
        assertThatThrownBy(() -> hab.explanation(ProportionalExplanation.class))
                .hasMessage("a hab decision is explained by HabExplanation, not ProportionalExplanation");
    }
}
