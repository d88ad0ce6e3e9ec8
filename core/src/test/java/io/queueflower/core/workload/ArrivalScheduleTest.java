package io.queueflower.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void constantRateSpacesRequestsEvenly() {
        ArrivalSchedule schedule = new ArrivalSchedule(new ConstantRate(1000));
        assertThat(schedule.dueNanos(1)).isEqualTo(1_000_000);
        assertThat(schedule.dueNanos(2)).isEqualTo(2_000_000);
        assertThat(schedule.dueNanos(1000)).isEqualTo(SECOND);
        // Request 1000 is due exactly at 1 s, so a 1 s run holds 999 and a 1.000000001 s run 1000.
        assertThat(schedule.countDueBefore(SECOND)).isEqualTo(999);
        assertThat(schedule.countDueBefore(SECOND + 1)).isEqualTo(1000);
        assertThat(new ArrivalSchedule(new ConstantRate(3)).dueNanos(1)).isEqualTo(333_333_333);
    }

    @Test
    void stepChangesTakeEffectAtTheStepBoundary() {
        ArrivalSchedule schedule = new ArrivalSchedule(RatePatterns.parse("step:0s=10,1s=1000,2s=0,3s=100"));
        assertThat(schedule.dueNanos(10)).isEqualTo(SECOND);              // the 10th at the end of the 10/s step
        assertThat(schedule.dueNanos(11)).isEqualTo(SECOND + 1_000_000);  // then 1 ms apart
        assertThat(schedule.dueNanos(1010)).isEqualTo(2 * SECOND);
        assertThat(schedule.dueNanos(1011)).isEqualTo(3 * SECOND + 10_000_000); // nothing during the 0/s step
        // Half-open windows (3 s, 4 s]: the 100/s step puts its 100th request exactly on 4 s.
        assertThat(schedule.countDueBefore(4 * SECOND + 1) - schedule.countDueBefore(3 * SECOND + 1)).isEqualTo(100);
        assertThat(schedule.countDueBefore(4 * SECOND) - schedule.countDueBefore(3 * SECOND)).isEqualTo(99);
    }

    @Test
    void rampSendsTheIntegralOfItsRateInEachSecond() {
        ArrivalSchedule schedule = new ArrivalSchedule(new RampRate(0, 2000, 10));
        long previous = 0;
        for (int second = 1; second <= 10; second++) {
            long count = schedule.countDueBefore(second * SECOND + 1);
            // ∫ from s−1 to s of 200·t dt = 100·(2s − 1)
            assertThat(count - previous).as("second %d", second).isBetween(100L * (2 * second - 1) - 1, 100L * (2 * second - 1) + 1);
            previous = count;
        }
        assertThat(schedule.countDueBefore(10 * SECOND + 1)).isEqualTo(10_000);
    }

    @Property(tries = 200)
    void dueTimesAreIncreasingAndCountsMatchTheIntegral(@ForAll @DoubleRange(min = 1, max = 5000) double mean,
                                                        @ForAll @DoubleRange(min = 0, max = 1) double depth,
                                                        @ForAll @DoubleRange(min = 0.5, max = 30) double period,
                                                        @ForAll @IntRange(min = 1, max = 20) int seconds) {
        ArrivalSchedule schedule = new ArrivalSchedule(new SineRate(mean, mean * depth, period));
        long count = schedule.countDueBefore(seconds * SECOND);
        double expected = schedule.pattern().expectedArrivals(seconds);
        assertThat((double) count).isBetween(expected - 1.0, expected);
        long last = 0;
        for (long n = Math.max(1, count - 50); n <= count + 1; n++) {
            long due = schedule.dueNanos(n);
            assertThat(due).isGreaterThanOrEqualTo(last);
            last = due;
        }
        assertThat(schedule.dueNanos(count + 1)).isGreaterThanOrEqualTo(seconds * SECOND);
    }
}
