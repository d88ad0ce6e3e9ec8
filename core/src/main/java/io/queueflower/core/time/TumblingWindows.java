package io.queueflower.core.time;

/**
 * The window lifecycle both loops share — the streams app's Kafka topology and the simulator's in-process loop:
 * tumbling windows aligned to the epoch (as Kafka Streams' are), so a record's window depends on its time alone; a
 * window closes once stream time has passed its end by the grace, which is how long a trace may arrive after its
 * window ended and still count in it.
 *
 * @param sizeMs  window length, at least 1 ms
 * @param graceMs how long after its end a window stays open, not negative
 */
public record TumblingWindows(long sizeMs, long graceMs) {
    /** The streams app's default window (30 s: a decision every 30 s, three per pod start-up plus a window). */
    public static final long DEFAULT_SIZE_MS = 30_000;
    /** The streams app's default grace (10 s: the slowest traces of a window finish within it). */
    public static final long DEFAULT_GRACE_MS = 10_000;

    public TumblingWindows {
        if (sizeMs < 1) {
            throw new IllegalArgumentException("window size must be at least 1 ms, got " + sizeMs);
        }
        if (graceMs < 0) {
            throw new IllegalArgumentException("window grace must not be negative, got " + graceMs);
        }
    }

    public static TumblingWindows defaults() {
        return new TumblingWindows(DEFAULT_SIZE_MS, DEFAULT_GRACE_MS);
    }

    /** Start of the window holding {@code timestampMs} (negative times included). */
    public long start(long timestampMs) {
        return timestampMs - Math.floorMod(timestampMs, sizeMs);
    }

    /** When the window starting at {@code windowStartMs} closes: its end plus the grace. */
    public long closesAt(long windowStartMs) {
        return windowStartMs + sizeMs + graceMs;
    }

    /** Whether stream time {@code streamTimeMs} has closed the window starting at {@code windowStartMs}. */
    public boolean closed(long windowStartMs, long streamTimeMs) {
        return closesAt(windowStartMs) <= streamTimeMs;
    }
}
