package io.queueflower.simulator.engine;

import java.util.Comparator;
import java.util.PriorityQueue;

/** One replica of a service: {@code capacity} servers (FCFS) or a processor shared by its requests (PS). */
final class Pod {
    enum State { STARTING, READY, TERMINATING }

    final String name;
    final int capacity;
    final double createdAt;
    final int index;
    State state;
    /** FCFS: servers in use. */
    int busy;
    /**
     * PS: requests sharing the pod, by the virtual time at which each finishes. Every job of a pod is served at the
     * same rate, so instead of lowering every job's remaining work at each event (O(n) per event, O(n²) for a queue
     * that has grown to thousands), the pod keeps one virtual clock, the work each job has received since the pod
     * started, and a job is done when the clock reaches its arrival clock plus its work: O(log n) per event.
     */
    final PriorityQueue<Invocation> jobs = new PriorityQueue<>(
            Comparator.comparingDouble((Invocation i) -> i.finishVirtual).thenComparingLong(i -> i.sequence));
    /** PS: work each job has received since the pod started, as of {@link #lastUpdate}. */
    double virtualTime;
    /** PS: time the virtual clock was last brought up to date. */
    double lastUpdate;
    /** PS: jobs added so far, to order jobs that finish at the same virtual time by arrival. */
    long added;
    /** PS: bumped whenever the next completion moves, so stale completion events are ignored. */
    int version;

    Pod(String name, int index, int capacity, double createdAt, State state) {
        this.name = name;
        this.index = index;
        this.capacity = capacity;
        this.createdAt = createdAt;
        this.state = state;
        this.lastUpdate = createdAt;
    }

    int load() {
        return busy + jobs.size();
    }

    boolean idle() {
        return busy == 0 && jobs.isEmpty();
    }
}
