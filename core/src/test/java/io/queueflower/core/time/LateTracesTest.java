package io.queueflower.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LateTracesTest {
    @Test
    void aTraceOfAnOpenWindowStaysInIt() {
        for (LateTraces rule : LateTraces.values()) {
            assertThat(rule.assign(60_000, 30_000)).isEqualTo(OptionalLong.of(60_000));
            assertThat(rule.assign(30_000, 30_000)).isEqualTo(OptionalLong.of(30_000));
        }
    }

    @Test
    void aLateTraceGoesToTheOldestOpenWindowOrIsDropped() {
        assertThat(LateTraces.NEXT_WINDOW.assign(0, 60_000)).isEqualTo(OptionalLong.of(60_000));
        assertThat(LateTraces.DROP.assign(0, 60_000)).isEmpty();
    }

    @Test
    void configNames() {
        assertThat(LateTraces.fromConfigName("next-window")).isEqualTo(LateTraces.NEXT_WINDOW);
        assertThat(LateTraces.fromConfigName("drop")).isEqualTo(LateTraces.DROP);
        assertThatThrownBy(() -> LateTraces.fromConfigName("keep")).hasMessageContaining("next-window");
    }
}
