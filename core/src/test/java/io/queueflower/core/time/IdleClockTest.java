package io.queueflower.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class IdleClockTest {
    static final long IDLE = 60_000;
    /** Event time of the traffic, unrelated to the wall clock's origin (spans carry their own timestamps). */
    static final long EVENT = 1_700_000_000_000L;
    static final long WALL = 5_000_000L;

    @Test
    void aClockThatSawNothingOrIsDisabledNeverAdvances() {
        assertThat(IdleClock.idleAfter(IDLE).advancedAt(WALL + 10 * IDLE)).isEmpty();
        IdleClock disabled = IdleClock.idleAfter(0).observed(EVENT, WALL);
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.advancedAt(WALL + 1_000_000)).isEmpty();
        assertThat(disabled.eventTimeMs()).isEqualTo(EVENT);
    }

    @Test
    void timeStandsStillUntilTheSilenceLastsTheIdleTimeThenCatchesUpWithTheWallClock() {
        IdleClock clock = IdleClock.idleAfter(IDLE).observed(EVENT, WALL);
        assertThat(clock.advancedAt(WALL + IDLE - 1)).isEmpty();

        IdleClock first = clock.advancedAt(WALL + IDLE).orElseThrow();
        assertThat(first.eventTimeMs()).as("moved by the whole silence, not by nothing").isEqualTo(EVENT + IDLE);

        // Every later check moves it by the wall-clock time since the previous move: it runs with the wall clock.
        IdleClock second = first.advancedAt(WALL + IDLE + 1_000).orElseThrow();
        assertThat(second.eventTimeMs()).isEqualTo(EVENT + IDLE + 1_000);
        IdleClock later = second.advancedAt(WALL + 3 * IDLE + 7).orElseThrow();
        assertThat(later.eventTimeMs()).isEqualTo(EVENT + 3 * IDLE + 7);
    }

    @Test
    void aRecordEndsTheSilenceAndTimeNeverMovesBack() {
        IdleClock advanced = IdleClock.idleAfter(IDLE).observed(EVENT, WALL).advancedAt(WALL + IDLE).orElseThrow();

        // A record behind the advanced time: the pipeline delivers again, time stays where it was.
        IdleClock behind = advanced.observed(EVENT + 10, WALL + IDLE + 500);
        assertThat(behind.eventTimeMs()).isEqualTo(EVENT + IDLE);
        assertThat(behind.advancedAt(WALL + IDLE + 500 + IDLE - 1)).isEmpty();
        // After a new silence it moves by the wall-clock time since it last moved.
        assertThat(behind.advancedAt(WALL + IDLE + 500 + IDLE).orElseThrow().eventTimeMs())
                .isEqualTo(EVENT + IDLE + 500 + IDLE);

        // A record ahead of it moves time to its own timestamp, whatever the wall clock says.
        IdleClock ahead = advanced.observed(EVENT + 5 * IDLE, WALL + IDLE + 500);
        assertThat(ahead.eventTimeMs()).isEqualTo(EVENT + 5 * IDLE);
        assertThat(ahead.advancedAt(WALL + IDLE + 500 + IDLE).orElseThrow().eventTimeMs())
                .isEqualTo(EVENT + 6 * IDLE);
    }

    @Test
    void oldRecordsArrivingOftenEnoughKeepTimeFromAdvancing() {
        IdleClock clock = IdleClock.idleAfter(IDLE).observed(EVENT, WALL);
        for (long wall = WALL + IDLE / 2; wall < WALL + 20 * IDLE; wall += IDLE / 2) {
            assertThat(clock.advancedAt(wall)).as("at wall %d", wall).isEmpty();
            clock = clock.observed(EVENT - 1_000, wall);
        }
        assertThat(clock.eventTimeMs()).isEqualTo(EVENT);
    }

    @Test
    void aWallClockSetBackIsNoEvidenceThatTimePassed() {
        IdleClock advanced = IdleClock.idleAfter(IDLE).observed(EVENT, WALL).advancedAt(WALL + 2 * IDLE).orElseThrow();
        assertThat(advanced.advancedAt(WALL + IDLE)).isEmpty();
        assertThat(advanced.advancedAt(WALL + 2 * IDLE)).isEmpty();
    }

    @Test
    void assemblyFlushesAtHalfTheWindowIdleTimeAndChecksOftenEnough() {
        assertThat(IdleClock.assemblyIdleMs(120_000)).isEqualTo(60_000);
        assertThat(IdleClock.assemblyIdleMs(1)).as("never 0, which would disable it").isEqualTo(1);
        assertThat(IdleClock.assemblyIdleMs(0)).isZero();
        assertThat(IdleClock.checkInterval(120_000)).isEqualTo(Duration.ofSeconds(1));
        assertThat(IdleClock.checkInterval(2_000)).isEqualTo(Duration.ofMillis(500));
        assertThat(IdleClock.checkInterval(1)).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aNegativeIdleTimeIsRejected() {
        assertThatThrownBy(() -> IdleClock.idleAfter(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    /** One step of a history: a record (event time, wall-clock delay) or a check after a wall-clock delay. */
    record Step(boolean record, long eventOffsetMs, long wallDelayMs) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Arbitraries.oneOf(
                Arbitraries.longs().between(-IDLE, 3 * IDLE).flatMap(offset -> Arbitraries.longs()
                        .between(0, 2 * IDLE).map(delay -> new Step(true, offset, delay))),
                Arbitraries.longs().between(0, 2 * IDLE).map(delay -> new Step(false, 0, delay)));
        return step.list().ofMaxSize(40);
    }

    /**
     * Whatever the history: time never moves back; it advances only after {@code idle} without a record; an advance
     * counts at least the silence since the last record; and time never runs ahead of any record's timestamp plus the
     * wall-clock time since that record arrived (the wall clock is all the evidence there is).
     */
    @Property(tries = 300)
    void timeMovesOnlyForwardOnlyInSilenceAndNeverAheadOfTheWallClock(@ForAll("histories") List<Step> history,
                                                                        @ForAll @LongRange(min = 1, max = 3 * IDLE)
                                                                        long idle) {
        IdleClock clock = IdleClock.idleAfter(idle);
        long wall = WALL;
        long maxLead = Long.MIN_VALUE;
        long lastInputWall = Long.MIN_VALUE;
        long lastRecordTime = 0;
        for (Step step : history) {
            wall += step.wallDelayMs();
            long before = clock.eventTimeMs();
            if (step.record()) {
                long time = EVENT + step.eventOffsetMs();
                clock = clock.observed(time, wall);
                maxLead = Math.max(maxLead, time - wall);
                lastInputWall = wall;
                lastRecordTime = time;
                assertThat(clock.eventTimeMs()).isEqualTo(Math.max(before, time));
            } else {
                Optional<IdleClock> advanced = clock.advancedAt(wall);
                if (advanced.isPresent()) {
                    assertThat(lastInputWall).as("a record was seen").isNotEqualTo(Long.MIN_VALUE);
                    assertThat(wall - lastInputWall).as("silence before advancing").isGreaterThanOrEqualTo(idle);
                    assertThat(advanced.get().eventTimeMs()).isGreaterThan(before)
                            .isGreaterThanOrEqualTo(lastRecordTime + wall - lastInputWall)
                            .isLessThanOrEqualTo(maxLead + wall);
                    clock = advanced.get();
                }
            }
            assertThat(clock.eventTimeMs()).isGreaterThanOrEqualTo(before);
        }
    }

    @Test
    void timeReleasedWithoutInputMovesTheClockButNotTheCountOfTheSilence() {
        IdleClock clock = IdleClock.idleAfter(IDLE).observed(EVENT, WALL);
        IdleClock moved = clock.movedTo(EVENT + 5_000, WALL + IDLE / 2);
        assertThat(moved.eventTimeMs()).isEqualTo(EVENT + 5_000);
        assertThat(moved.movedTo(EVENT, WALL + IDLE / 2 + 1)).as("never back").isSameAs(moved);
        // The silence began at WALL, not when time was released: the idle rule fires at WALL + IDLE and moves time
        // by the wall-clock time since the release.
        assertThat(moved.advancedAt(WALL + IDLE - 1)).isEmpty();
        assertThat(moved.advancedAt(WALL + IDLE).orElseThrow().eventTimeMs()).isEqualTo(EVENT + 5_000 + IDLE / 2);
        assertThat(IdleClock.idleAfter(IDLE).movedTo(EVENT, WALL).started()).isTrue();
    }
}
