package io.queueflower.simulator.engine;

import io.queueflower.simulator.model.CallNode;

/**
 * One call of a request at one service: network out, queue, work, the calls it makes, network back. Everything random
 * about it is drawn when it is created, from its request's generator.
 */
final class Invocation {
    final Request request;
    final CallNode node;
    final Invocation parent;
    final Station station;
    final double work;
    final double requestDelay;
    final double responseDelay;
    final boolean failsItself;
    final long clientSpanId;
    final long serverSpanId;

    double clientStart;
    double serverStart;
    double workStart;
    Pod pod;
    /** PS: work still to do, seconds at full speed. */
    /** PS: the pod's virtual time at which this job has had all its work. */
    double finishVirtual;
    /** PS: arrival order at the pod. */
    long sequence;
    int stepIndex;
    int pending;
    boolean childFailed;
    boolean failed;

    Invocation(Request request, CallNode node, Invocation parent, Station station, double work, double requestDelay,
               double responseDelay, boolean failsItself, long clientSpanId, long serverSpanId) {
        this.request = request;
        this.node = node;
        this.parent = parent;
        this.station = station;
        this.work = work;
        this.requestDelay = requestDelay;
        this.responseDelay = responseDelay;
        this.failsItself = failsItself;
        this.clientSpanId = clientSpanId;
        this.serverSpanId = serverSpanId;
    }
}
