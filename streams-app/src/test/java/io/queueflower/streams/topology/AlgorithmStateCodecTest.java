package io.queueflower.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.core.algorithm.AlgorithmState;
import io.queueflower.core.algorithm.BalancedState;
import io.queueflower.core.algorithm.HabState;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AlgorithmStateCodecTest {
    @Test
    void everyStateSurvivesItsTextForm() {
        TreeMap<String, BalancedState.ServiceMemory> memory = new TreeMap<>();
        memory.put("frontend", new BalancedState.ServiceMemory(20.5, 1.25, 2.5, 51.0, 3.2, 1, 1_767_225_630_000L));
        memory.put("name with \"quotes\", commas; and ünïcode", BalancedState.ServiceMemory.NONE);
        memory.put("idle", new BalancedState.ServiceMemory(Double.NaN, 0, Double.NaN, 0, Double.NaN, -1, 5));
        for (AlgorithmState state : new AlgorithmState[] {AlgorithmState.NONE, new HabState(2, 20, 11, true),
                new BalancedState(memory), BalancedState.EMPTY}) {
            String text = AlgorithmStateCodec.encode(state);
            assertThat(AlgorithmStateCodec.decode(text)).as(text).isEqualTo(state);
        }
        assertThat(AlgorithmStateCodec.decode(null)).isEqualTo(AlgorithmState.NONE);
    }

    @Test
    void anUnreadableStateNamesTheStore() {
        for (String text : new String[] {"balanced:[1,2]", "balanced:{\"a\":[1,2]}", "balanced:{\"a\":[\"x\",1,1,1,1,0,null]}",
                "balanced:{", "hab:1,2", "other"}) {
            assertThatThrownBy(() -> AlgorithmStateCodec.decode(text)).as(text)
                    .hasMessageContaining("unreadable algorithm state").hasMessageContaining("algorithm-state");
        }
    }

    @Test
    void memoryNeedsAMoveAndItsTimeTogether() {
        assertThatThrownBy(() -> new BalancedState.ServiceMemory(1, 1, 1, 1, 1, 1, BalancedState.NEVER))
                .hasMessageContaining("a move needs its time");
        assertThat(new BalancedState(new TreeMap<>()).of("x")).isEqualTo(BalancedState.ServiceMemory.NONE);
    }
}
