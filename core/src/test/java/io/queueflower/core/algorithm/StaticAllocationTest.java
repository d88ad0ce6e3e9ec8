package io.queueflower.core.algorithm;

import static io.queueflower.core.algorithm.Windows.pair;
import static io.queueflower.core.algorithm.Windows.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StaticAllocationTest {
    @Test
    void evenSplitOfBasePlusPool() {
        // 3 services, base 1, F 16 -> 19 = 6·3 + 1: the first by name gets the extra pod
        AlgorithmSettings config = AlgorithmSettings.builder().algorithm(AlgorithmKind.STATIC).build();
        AlgorithmDecision decision = StaticAllocation.from(config).decide(window(List.of(pair("b", "f", 1), pair("c", "f", 9))),
                Map.of("a", 5), AlgorithmState.NONE);
        assertThat(decision.targets()).isEqualTo(Map.of("a", 7, "b", 6, "c", 6));
        assertThat(decision.parameters()).containsEntry("mode", "even").containsEntry("total", "19");
    }

    @Test
    void fixedMapWinsAndOthersKeepWhatTheyHave() {
        AlgorithmSettings config = AlgorithmSettings.builder().algorithm(AlgorithmKind.STATIC)
                .staticReplicas(Map.of("a", 3, "z", 2, "skip", 9)).excludedServices(Set.of("skip"))
                .bounds(new AllocationBounds(Map.of(), Map.of("a", 2), 0, Integer.MAX_VALUE)).build();
        AlgorithmDecision decision = StaticAllocation.from(config).decide(window(List.of(pair("c", "f", 1))), Map.of("b", 4),
                AlgorithmState.NONE);
        assertThat(decision.targets()).isEqualTo(Map.of("a", 2, "b", 4, "c", 1, "z", 2));
        assertThat(decision.parameters()).containsEntry("mode", "fixed");
    }

    @Test
    void factoryBuildsTheConfiguredAlgorithm() {
        for (AlgorithmKind kind : AlgorithmKind.values()) {
            ScalingAlgorithm algorithm = ScalingAlgorithms.create(AlgorithmSettings.builder().algorithm(kind).build());
            AlgorithmDecision decision = algorithm.decide(window(List.of(pair("a", "f", 1))), Map.of("a", 1), AlgorithmState.NONE);
            assertThat(decision.algorithm()).isEqualTo(kind.configName());
        }
    }
}
