package io.queueflower.core.estimate;

import java.util.Objects;

/**
 * End-to-end figures of one flow over one window. Latencies are 0 when the flow had no error-free trace.
 *
 * @param flow               flow (root operation)
 * @param traces             error-free traces
 * @param errors             error traces (root error flag or non-2xx), left out of every estimate
 * @param incomplete         error-free traces with spans whose parent never arrived (they are still counted)
 * @param meanMs             mean end-to-end latency (root span duration), ms
 * @param p90Ms              90th percentile, ms: exact (pandas linear) when the window kept exact values, else sketch
 * @param p99Ms              99th percentile, ms, likewise
 * @param slaAvgViolations   error-free traces whose end-to-end latency exceeded the flow's average SLA, the strictest
 *                           any service has for the flow ({@code SlaTable#strictestForFlow}); 0 without an SLA
 * @param slaTailViolations  likewise for the tail SLA
 */
public record FlowWindowStats(
        String flow,
        long traces,
        long errors,
        long incomplete,
        double meanMs,
        double p90Ms,
        double p99Ms,
        long slaAvgViolations,
        long slaTailViolations) {

    public FlowWindowStats {
        Objects.requireNonNull(flow, "flow");
        if (traces < 0 || errors < 0 || incomplete < 0 || slaAvgViolations < 0 || slaTailViolations < 0) {
            throw new IllegalArgumentException("counts must be >= 0 for flow " + flow);
        }
    }
}
