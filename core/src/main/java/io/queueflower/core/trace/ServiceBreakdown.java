package io.queueflower.core.trace;

import java.util.List;
import java.util.Objects;

/**
 * What one service did in one trace.
 *
 * @param spans                  distinct spans of the service in the trace
 * @param exclusiveMicros        reference exclusive time: the sum over the service's spans of the span's duration minus
 *                               the summed durations of its direct children (children in any service); a span without
 *                               children counts whole. Negative when children overlap in time (parallel fan-out), as in
 *                               the QueueFlower reference implementation
 * @param exclusiveOverlapMicros overlap-aware exclusive time: the sum over the service's spans of the span's duration minus
 *                               the length of the union of its children's intervals, each span's term clipped at 0
 * @param hosts                  distinct hosts (replicas) that served the service's spans, sorted; spans without a host
 *                               add nothing
 */
public record ServiceBreakdown(int spans, long exclusiveMicros, long exclusiveOverlapMicros, List<String> hosts) {
    public ServiceBreakdown {
        if (spans < 1) {
            throw new IllegalArgumentException("a service in a trace has at least one span, got " + spans);
        }
        if (exclusiveOverlapMicros < 0) {
            throw new IllegalArgumentException("overlap-aware exclusive time is never negative, got " + exclusiveOverlapMicros);
        }
        hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
    }
}
