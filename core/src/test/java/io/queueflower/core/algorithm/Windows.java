package io.queueflower.core.algorithm;

import io.queueflower.core.estimate.FlowWindowStats;
import io.queueflower.core.estimate.ServiceFlowStats;
import io.queueflower.core.estimate.WindowSnapshot;
import java.util.List;

/** Hand-made windows of 10 s for algorithm tests. */
final class Windows {
    static final long START = 1_000_000;
    static final long END = START + 10_000;

    private Windows() {
    }

    /** A pair with the given traces (λ = traces / 10 s), mean exclusive time and tail, ms. */
    static ServiceFlowStats pair(String service, String flow, long traces, double meanMs, double tailMs) {
        return new ServiceFlowStats(service, flow, traces, traces / 10.0, meanMs, meanMs, meanMs, meanMs, tailMs, tailMs);
    }

    static ServiceFlowStats pair(String service, String flow, double meanMs) {
        return pair(service, flow, 1, meanMs, meanMs);
    }

    static FlowWindowStats flow(String flow, long traces, double meanMs) {
        return new FlowWindowStats(flow, traces, 0, 0, meanMs, meanMs, meanMs, 0, 0);
    }

    static WindowSnapshot window(List<ServiceFlowStats> pairs, List<FlowWindowStats> flows) {
        return WindowSnapshot.of(START, END, true, pairs, flows);
    }

    static WindowSnapshot window(List<ServiceFlowStats> pairs) {
        return window(pairs, List.of());
    }
}
