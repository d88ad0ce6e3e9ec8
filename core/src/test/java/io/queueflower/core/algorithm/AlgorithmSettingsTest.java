package io.queueflower.core.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.core.estimate.ExclusiveTimeMode;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlgorithmSettingsTest {
    @Test
    void defaultsAreThePapers() {
        AlgorithmSettings config = AlgorithmSettings.defaults();
        assertThat(config.algorithm()).isEqualTo(AlgorithmKind.QUEUEFLOWER);
        assertThat(config.freePool()).isEqualTo(16);
        assertThat(config.baseReplicas()).isEqualTo(1);
        assertThat(config.weights()).isEqualTo(new Weights(0.5, 0.3, 0.2));
        assertThat(config.variant()).isEqualTo(Variant.PROP_SLA2);
        assertThat(config.estimator()).isEqualTo(Estimator.REFERENCE);
        assertThat(config.leftover()).isEqualTo(LeftoverRule.LARGEST_REMAINDER);
        assertThat(config.clipViolations()).isTrue();
        assertThat(config.exclusiveTimeMode()).isEqualTo(ExclusiveTimeMode.REFERENCE);
        assertThat(config.hab()).isEqualTo(new HabSettings(1500, 500, 2, 20, 2, TimeUnit.MILLISECONDS));
        assertThat(config.hpa()).isEqualTo(new HpaSettings(0.7, 0.1, 1, 1));
        assertThat(config.bounds()).isEqualTo(AllocationBounds.NONE);
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void configNamesParseAndUnknownOnesAreNamed() {
        assertThat(Variant.fromConfigName("prop-sla2")).isEqualTo(Variant.PROP_SLA2);
        assertThat(Estimator.fromConfigName("littles-law")).isEqualTo(Estimator.LITTLES_LAW);
        assertThat(LeftoverRule.fromConfigName("random")).isEqualTo(LeftoverRule.RANDOM);
        assertThat(AlgorithmKind.fromConfigName("hab")).isEqualTo(AlgorithmKind.HAB);
        assertThat(ExclusiveTimeMode.fromConfigName("overlap-aware")).isEqualTo(ExclusiveTimeMode.OVERLAP_AWARE);
        assertThatThrownBy(() -> Variant.fromConfigName("prop_sla"))
                .hasMessage("unknown QueueFlower variant 'prop_sla', expected one of [prop, prop-sla, prop-sla2, balanced]");
        assertThatThrownBy(() -> ExclusiveTimeMode.fromConfigName("x")).hasMessageContaining("[reference, overlap-aware]");
    }

    @Test
    void invalidValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> AlgorithmSettings.builder().freePool(-1).build()).hasMessageContaining("free pool");
        assertThatThrownBy(() -> AlgorithmSettings.builder().baseReplicas(-1).build()).hasMessageContaining("base replicas");
        assertThatThrownBy(() -> new Weights(0.5, -0.1, 0)).hasMessageContaining("weights");
        assertThatThrownBy(() -> new AllocationBounds(Map.of("a", 5), Map.of("a", 4), 0, 10))
                .hasMessageContaining("service a").hasMessageContaining("[5, 4]");
        assertThatThrownBy(() -> new AllocationBounds(Map.of(), Map.of(), 3, 2)).hasMessageContaining("[3, 2]");
        assertThatThrownBy(() -> AlgorithmSettings.builder().staticReplicas(Map.of("a", -2)).build())
                .hasMessageContaining("static replicas of a");
        assertThatThrownBy(() -> new HpaSettings(0, 0.1, 1, 1)).hasMessageContaining("target utilisation");
    }

    @Test
    void boundsPreferPerServiceEntries() {
        AllocationBounds bounds = new AllocationBounds(Map.of("a", 2), Map.of("b", 3), 1, 10);
        assertThat(bounds.clamp("a", 0)).isEqualTo(2);
        assertThat(bounds.clamp("b", 7)).isEqualTo(3);
        assertThat(bounds.clamp("c", 0)).isEqualTo(1);
        assertThat(bounds.clamp("c", 70)).isEqualTo(10);
    }
}
