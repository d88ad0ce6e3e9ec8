package io.queueflower.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueflower.core.workload.ArrivalSchedule;
import io.queueflower.core.workload.ConstantRate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C's path in {@code loadgen http}: the run ends at the stop and reports exactly what was due before it. */
class EarlyStopTest {
    @Test
    void aStoppedRunSendsAndReportsExactlyTheRequestsDueBeforeTheStop() throws Exception {
        try (DelayServer server = new DelayServer((target, since) -> 2_000_000L)) {
            EarlyStop stop = new EarlyStop();
            long[] origin = new long[1];
            long began = System.nanoTime();
            RunReport report = LoadRun.execute(LoadRunTest.plan(server, new ConstantRate(200), 30, 0, 4,
                    ClientKind.NETTY), new LoadRun.ProgressListener() {
                @Override
                public void onInterval(IntervalStats interval, long errorsSoFar, LatencySummary latencySoFarMs) {
                    stop.request(); // after the first second, as a Ctrl-C would
                }

                @Override
                public void onMeasurementStart(long startNanos) {
                    server.forget();
                    origin[0] = startNanos;
                }
            }, stop);
            double wall = (System.nanoTime() - began) / 1e9;

            assertThat(wall).as("the 30 s run ends soon after the stop").isLessThan(10);
            double stoppedAfter = (stop.atNanos() - origin[0]) / 1e9;
            assertThat(report.durationSeconds()).isCloseTo(stoppedAfter, within(1e-6));
            assertThat(report.durationSeconds()).isBetween(0.9, 5.0);
            long due = new ArrivalSchedule(new ConstantRate(200))
                    .countDueBefore(Math.round(stoppedAfter * TimeUnit.SECONDS.toNanos(1)));
            assertThat(report.scheduled()).isEqualTo(due);
            assertThat(report.unsent()).isZero();
            // Every request due before the stop was sent and answered; none due after it was sent.
            assertThat(report.all().responses()).isEqualTo(due);
            assertThat(server.arrivalNanos()).hasSize((int) due);
        }
    }
}
