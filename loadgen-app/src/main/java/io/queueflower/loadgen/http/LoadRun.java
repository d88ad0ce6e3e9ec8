package io.queueflower.loadgen.http;

import io.queueflower.core.workload.ArrivalSchedule;
import io.queueflower.core.workload.ConstantRate;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Runs an open-loop load test: opens the connections, paces the schedule, reports each second, sums up. */
public final class LoadRun {
    private static final long SECOND_NANOS = 1_000_000_000L;
    /** Head start so every connection has armed its first timer before the first request is due. */
    private static final long START_DELAY_NANOS = 50_000_000L;

    /** Hears each closed interval together with the totals so far. */
    public interface ProgressListener {
        void onInterval(IntervalStats interval, long errorsSoFar, LatencySummary latencySoFarMs);

        /** The measured run (after any warm-up) has its schedule origin at {@code startNanos} (System.nanoTime). */
        default void onMeasurementStart(long startNanos) {
        }
    }

    private LoadRun() {
    }

    public static RunReport execute(LoadPlan plan, ProgressListener progress) throws IOException, InterruptedException {
        return execute(plan, progress, new EarlyStop());
    }

    /** A run that {@code stop} may end before its duration; it is then reported as a run of the time until the stop. */
    public static RunReport execute(LoadPlan plan, ProgressListener progress, EarlyStop stop)
            throws IOException, InterruptedException {
        ArrivalSchedule schedule = new ArrivalSchedule(plan.pattern());
        long durationNanos = Math.round(plan.durationSeconds() * SECOND_NANOS);
        long scheduled = schedule.countDueBefore(durationNanos);
        RunStatistics statistics = new RunStatistics(plan.requestTypes());
        AtomicLong unsent = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(plan.connections());
        AtomicLong lastFinish = new AtomicLong(Long.MIN_VALUE);

        try (HttpTransport transport = plan.client().create(plan.target(), plan.threads(), plan.timeout())) {
            List<HttpConnection> connections = transport.open(plan.connections());
            warmUp(plan, connections);
            double cpuBefore = processCpuSeconds();
            long start = System.nanoTime() + START_DELAY_NANOS;
            progress.onMeasurementStart(start);
            // Late requests are still sent until one timeout after the end, and answered within another.
            long sendDeadline = start + durationNanos + plan.timeout().toNanos();
            launch(plan, connections, schedule, statistics, start, sendDeadline, scheduled, unsent, finished, lastFinish,
                    stop);

            // One interval per whole second of the duration; the last one also takes the responses still in flight
            // when the duration ends (they finish within the timeout).
            long hardStop = sendDeadline + plan.timeout().toNanos() + 2 * SECOND_NANOS;
            long tick = 1;
            double intervalStart = 0;
            boolean done = false;
            while (!done) {
                long tickNanos = start + tick * SECOND_NANOS;
                boolean stopped = stop.requested();
                boolean lastTick = stopped || tick * SECOND_NANOS >= durationNanos;
                // Stopped: the responses in flight get one timeout; lanes parked until a due time after the stop
                // have nothing in flight and are not waited for.
                long waitUntil = !lastTick ? tickNanos
                        : stopped ? Math.min(hardStop, stop.atNanos() + plan.timeout().toNanos() + SECOND_NANOS)
                        : hardStop;
                done = finished.await(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS) || lastTick;
                if (!done && System.nanoTime() - tickNanos < 0) {
                    continue; // woken early by the scheduler; wait out the rest of the second
                }
                // The interval ends when it is actually closed: a reporting thread woken late must not turn that
                // delay into a rate swing.
                double intervalEnd = seconds(System.nanoTime() - start);
                double target = (plan.pattern().expectedArrivals(Math.min(intervalEnd, plan.durationSeconds()))
                        - plan.pattern().expectedArrivals(intervalStart)) / (intervalEnd - intervalStart);
                IntervalStats interval = statistics.closeInterval(intervalStart, intervalEnd, target);
                progress.onInterval(interval, statistics.errorsSoFar(), LatencySummary.of(statistics.correctedSoFar()));
                intervalStart = intervalEnd;
                tick++;
            }
            // The run lasts until its last response (or the hard stop); rates are per second of that. A stopped run
            // counts as a run of the time until the stop: what was due after it was never meant to be sent.
            double duration = plan.durationSeconds();
            if (stop.requested() && stop.atNanos() - start < durationNanos) {
                long stoppedAfter = Math.max(0, stop.atNanos() - start);
                duration = seconds(stoppedAfter);
                scheduled = schedule.countDueBefore(stoppedAfter);
            }
            double elapsed = finished.getCount() == 0
                    ? Math.max(duration, seconds(lastFinish.get() - start))
                    : seconds(System.nanoTime() - start);
            double cpu = processCpuSeconds() - cpuBefore;
            return new RunReport(plan.target().url().toString(), plan.client().name().toLowerCase(Locale.ROOT),
                    plan.pattern().spec(), plan.workloadDescription(), plan.seed(), duration, elapsed,
                    plan.connections(), plan.threads(), scheduled, unsent.get(), cpu,
                    statistics.overall(elapsed), statistics.perType(elapsed),
                    statistics.correctedSoFar());
        }
    }

    /**
     * Sends the pattern's initial rate for the warm-up period and throws the measurements away: the JIT compiles the
     * request path and the connections settle, which otherwise shows as a first-second latency spike that belongs to
     * the generator, not to the server.
     */
    private static void warmUp(LoadPlan plan, List<HttpConnection> connections) throws InterruptedException {
        if (plan.warmupSeconds() <= 0) {
            return;
        }
        ArrivalSchedule schedule = new ArrivalSchedule(new ConstantRate(plan.pattern().rateAt(0)));
        long durationNanos = Math.round(plan.warmupSeconds() * SECOND_NANOS);
        CountDownLatch finished = new CountDownLatch(connections.size());
        long start = System.nanoTime() + START_DELAY_NANOS;
        launch(plan, connections, schedule, new RunStatistics(plan.requestTypes()), start, start + durationNanos,
                schedule.countDueBefore(durationNanos), new AtomicLong(), finished, new AtomicLong(), new EarlyStop());
        finished.await(durationNanos + plan.timeout().toNanos() + 2 * SECOND_NANOS, TimeUnit.NANOSECONDS);
    }

    private static void launch(LoadPlan plan, List<HttpConnection> connections, ArrivalSchedule schedule,
                               RunStatistics statistics, long start, long sendDeadline, long scheduled,
                               AtomicLong unsent, CountDownLatch finished, AtomicLong lastFinish, EarlyStop stop) {
        for (int i = 0; i < connections.size(); i++) {
            new OpenLoopLane(i, connections.size(), connections.get(i), plan.workloadForConnection().apply(i), schedule,
                    statistics, start, sendDeadline, scheduled, unsent, finished, lastFinish, stop).start();
        }
    }

    private static double seconds(long nanos) {
        return nanos / (double) SECOND_NANOS;
    }

    private static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }
}
