package io.queueflower.streams.replay;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Shows a long replay's progress as lines on a writer (standard error), at most once per interval, so a short replay
 * prints nothing and a long one cannot flood its log.
 */
public final class ProgressReporter {
    private final PrintWriter out;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastShownNanos;

    /**
     * @param interval  least time between two lines; the first line comes one interval after construction
     * @param nanoClock monotonic time in ns ({@code System::nanoTime})
     */
    public ProgressReporter(PrintWriter out, Duration interval, LongSupplier nanoClock) {
        this.out = out;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.lastShownNanos = nanoClock.getAsLong();
    }

    /** Prints {@code progress} if the interval has passed since the last line. */
    public void offer(Replay.Progress progress) {
        long now = nanoClock.getAsLong();
        if (now - lastShownNanos < intervalNanos) {
            return;
        }
        lastShownNanos = now;
        out.println("replay: " + count(progress.records(), "record") + " read, " + count(progress.spans(), "span")
                + ", " + count(progress.windows(), "window") + " closed"
                + (progress.deadLetters() > 0 ? ", " + count(progress.deadLetters(), "record") + " dead-lettered" : ""));
        out.flush();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
