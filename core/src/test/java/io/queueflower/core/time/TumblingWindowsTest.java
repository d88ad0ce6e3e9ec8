package io.queueflower.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TumblingWindowsTest {
    private final TumblingWindows windows = new TumblingWindows(30_000, 10_000);

    @Test
    void windowsAreAlignedToTheEpochForAnyTime() {
        assertThat(windows.start(0)).isZero();
        assertThat(windows.start(29_999)).isZero();
        assertThat(windows.start(30_000)).isEqualTo(30_000);
        assertThat(windows.start(1_767_225_601_464L)).isEqualTo(1_767_225_600_000L);
        assertThat(windows.start(-1)).isEqualTo(-30_000);
    }

    @Test
    void aWindowClosesWhenStreamTimeReachesItsEndPlusTheGrace() {
        assertThat(windows.closesAt(60_000)).isEqualTo(100_000);
        assertThat(windows.closed(60_000, 99_999)).isFalse();
        assertThat(windows.closed(60_000, 100_000)).isTrue();
    }

    @Test
    void theDefaultsAreTheStreamsAppsAndBadValuesAreRefused() {
        assertThat(TumblingWindows.defaults()).isEqualTo(new TumblingWindows(30_000, 10_000));
        assertThatThrownBy(() -> new TumblingWindows(0, 0)).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> new TumblingWindows(1, -1)).hasMessageContaining("not be negative");
    }
}
