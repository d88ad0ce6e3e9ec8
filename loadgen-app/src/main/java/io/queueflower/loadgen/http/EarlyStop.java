package io.queueflower.loadgen.http;

/**
 * Ends a run before its duration, as wrk2 does on Ctrl-C: no request due after the stop is sent, the responses in
 * flight are awaited (up to the timeout), and the run is reported as if its duration had been the time until the stop.
 */
public final class EarlyStop {
    private volatile boolean requested;
    private volatile long atNanos;

    /** Asks the run to stop now; later calls change nothing. */
    public synchronized void request() {
        if (!requested) {
            atNanos = System.nanoTime();
            requested = true;
        }
    }

    public boolean requested() {
        return requested;
    }

    /** System.nanoTime of the request; only meaningful once {@link #requested()}. */
    long atNanos() {
        return atNanos;
    }

    /** True when a request due at {@code dueNanos} falls after the stop and must not be sent. */
    boolean excludes(long dueNanos) {
        return requested && dueNanos - atNanos >= 0;
    }
}
