package io.queueflower.loadgen.sim.engine;

import java.util.ArrayList;
import java.util.List;

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
    /** PS: requests sharing the pod. */
    final List<Invocation> jobs = new ArrayList<>();
    /** PS: time the jobs' remaining work was last brought up to date. */
    double lastUpdate;
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
