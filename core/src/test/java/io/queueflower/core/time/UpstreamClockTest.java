package io.queueflower.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class UpstreamClockTest {
    static final long EVENT = 1_700_000_000_000L;
    static final long WALL = 5_000_000L;
    static final long IDLE = 10_000;

    @Test
    void timeIsTheSlowestPartitionsAndStartsOnlyWhenAllHaveBeenHeard() {
        UpstreamClock clock = new UpstreamClock(2, IDLE);
        clock.heard(OptionalInt.of(0), EVENT + 5_000, WALL);
        assertThat(clock.started()).isFalse();
        clock.heard(OptionalInt.of(1), EVENT + 2_000, WALL + 1);
        assertThat(clock.eventTimeMs()).isEqualTo(EVENT + 2_000);
        clock.heard(OptionalInt.of(1), EVENT + 9_000, WALL + 2);
        assertThat(clock.eventTimeMs()).isEqualTo(EVENT + 5_000);
        clock.heard(OptionalInt.empty(), EVENT + 7_000, WALL + 3);
        assertThat(clock.eventTimeMs()).as("unsigned: every partition at least there").isEqualTo(EVENT + 7_000);
    }

    @Test
    void aQuietPartitionReleasesTheTimeWithoutEndingTheSilence() {
        UpstreamClock clock = new UpstreamClock(2, IDLE);
        clock.heard(OptionalInt.of(0), EVENT + 5_000, WALL);
        clock.heard(OptionalInt.of(1), EVENT + 1_000, WALL);
        clock.quiet(1, WALL + 2_000);
        assertThat(clock.eventTimeMs()).isEqualTo(EVENT + 5_000);
        // The silence counts from the last input (WALL), not from the quiet report.
        assertThat(clock.advancedAt(WALL + IDLE - 1)).isFalse();
        assertThat(clock.advancedAt(WALL + IDLE)).isTrue();
        assertThat(clock.eventTimeMs()).isEqualTo(EVENT + 5_000 + IDLE - 2_000);
    }

    @Test
    void inputWithoutTimeEndsTheSilenceAndASeedStartsAClockThatSawNothingOnlyWhenAllAreQuiet() {
        UpstreamClock clock = new UpstreamClock(2, IDLE);
        clock.input(WALL);
        assertThat(clock.started()).isFalse();
        clock.quiet(0, WALL);
        clock.seed(EVENT, WALL);
        assertThat(clock.started()).as("partition 1 may still send something older").isFalse();
        clock.quiet(1, WALL);
        clock.seed(EVENT, WALL);
        assertThat(clock.eventTimeMs()).isEqualTo(EVENT);
        clock.input(WALL + IDLE - 1);
        assertThat(clock.advancedAt(WALL + IDLE)).as("input arrived 1 ms ago").isFalse();
        clock.seed(EVENT - 1_000, WALL);
        assertThat(clock.eventTimeMs()).as("a started clock is not seeded again").isEqualTo(EVENT);
    }
}
