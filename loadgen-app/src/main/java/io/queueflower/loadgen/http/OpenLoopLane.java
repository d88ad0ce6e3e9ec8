package io.queueflower.loadgen.http;

import io.queueflower.core.workload.ArrivalSchedule;
import io.queueflower.core.workload.Workload;
import io.queueflower.core.workload.WorkloadRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests of one connection: with C connections, connection i sends requests i+1, i+1+C, i+1+2C, … of the
 * global schedule, each at its due time or, if the previous response is late, as soon as that response arrives.
 * Every request due within the run is sent, late ones included (they are charged their lateness), until a deadline
 * after the run's end; what is still owed then is counted as unsent.
 * An {@link EarlyStop} ends the lane at the first request due after it.
 * Latency runs from the due time, not from the actual send, so a stalled server is charged for every request it
 * kept waiting (wrk2's coordinated-omission correction); the uncorrected latency is recorded beside it.
 *
 * <p>All methods run on the connection's thread.
 */
final class OpenLoopLane implements ExchangeListener {
    private final HttpConnection connection;
    private final Workload workload;
    private final ArrivalSchedule schedule;
    private final RunStatistics statistics;
    private final long startNanos;
    private final long sendDeadlineNanos;
    private final long lastRequest;
    private final int stride;
    private final AtomicLong unsent;
    private final CountDownLatch finished;
    private final AtomicLong lastFinishNanos;
    private final EarlyStop stop;

    private long number;
    private long dueNanos;
    private long sentNanos;
    private WorkloadRequest inFlight;

    OpenLoopLane(int index, int stride, HttpConnection connection, Workload workload, ArrivalSchedule schedule,
                 RunStatistics statistics, long startNanos, long sendDeadlineNanos, long lastRequest, AtomicLong unsent,
                 CountDownLatch finished, AtomicLong lastFinishNanos, EarlyStop stop) {
        this.connection = connection;
        this.workload = workload;
        this.schedule = schedule;
        this.statistics = statistics;
        this.startNanos = startNanos;
        this.sendDeadlineNanos = sendDeadlineNanos;
        this.lastRequest = lastRequest;
        this.stride = stride;
        this.unsent = unsent;
        this.finished = finished;
        this.lastFinishNanos = lastFinishNanos;
        this.stop = stop;
        this.number = index + 1L;
    }

    void start() {
        connection.runAfter(0, this::scheduleNext);
    }

    private void scheduleNext() {
        long now = System.nanoTime();
        if (number > lastRequest) {
            finish(now);
            return;
        }
        if (now - sendDeadlineNanos >= 0) {
            // Still owing requests long after they were due: the server (or this generator) fell far behind.
            unsent.addAndGet((lastRequest - number) / stride + 1);
            finish(now);
            return;
        }
        dueNanos = startNanos + schedule.dueNanos(number);
        if (stop.excludes(dueNanos)) {
            finish(now);
            return;
        }
        connection.runAfter(dueNanos - now, this::send);
    }

    private void finish(long now) {
        lastFinishNanos.accumulateAndGet(now, Math::max);
        finished.countDown();
    }

    private void send() {
        if (stop.excludes(dueNanos)) {
            finish(System.nanoTime()); // the run was stopped while this request waited for its due time
            return;
        }
        inFlight = workload.next();
        statistics.sent(inFlight.type());
        sentNanos = System.nanoTime();
        connection.send(inFlight, this);
    }

    @Override
    public void onResponse(int status) {
        long now = System.nanoTime();
        statistics.response(inFlight.type(), status, now - dueNanos, now - sentNanos);
        advance();
    }

    @Override
    public void onFailure(String kind) {
        statistics.failure(inFlight.type(), kind);
        advance();
    }

    private void advance() {
        inFlight = null;
        number += stride;
        // Through the connection's task queue rather than a direct call: a connection that fails at once (server
        // down) would otherwise recurse once per request.
        connection.runAfter(0, this::scheduleNext);
    }
}
