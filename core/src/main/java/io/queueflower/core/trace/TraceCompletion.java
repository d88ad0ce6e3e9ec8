package io.queueflower.core.trace;

/**
 * When a trace assembled from spans counts as complete and is let out: once its root is present and no span came for
 * {@code idleMs} (event time), or {@code maxWaitMs} after its first span however it stands, or as soon as it holds
 * {@code maxSpans} spans. After that it is remembered for another {@code maxWaitMs}, so a span arriving later is known
 * to be late rather than taken for a new trace.
 *
 * @param idleMs    quiet time after the last span, once the root is in
 * @param maxWaitMs longest a trace is waited for after its first span, and how long it is remembered after
 * @param maxSpans  spans that complete a trace at once (bounds the work and memory for a runaway trace)
 */
public record TraceCompletion(long idleMs, long maxWaitMs, int maxSpans) {
    public TraceCompletion {
        if (idleMs < 0 || maxWaitMs < 0) {
            throw new IllegalArgumentException("trace idle and max wait must not be negative, got " + idleMs + " and "
                    + maxWaitMs);
        }
        if (maxSpans < 1) {
            throw new IllegalArgumentException("a trace must be allowed at least one span, got " + maxSpans);
        }
    }

    /** Event time at which a trace is let out when no more spans come. */
    public long dueMs(long firstSeenMs, long lastSeenMs, boolean rootSeen) {
        long maxWaitDeadline = firstSeenMs + maxWaitMs;
        return rootSeen ? Math.min(lastSeenMs + idleMs, maxWaitDeadline) : maxWaitDeadline;
    }

    /** Whether a trace of {@code spanCount} spans is complete now, whatever time says. */
    public boolean full(int spanCount) {
        return spanCount >= maxSpans;
    }

    /** Until when an emitted trace is remembered, so its late spans are recognised. */
    public long rememberedUntilMs(long emittedAtMs) {
        return emittedAtMs + maxWaitMs;
    }
}
