package io.queueflower.simulator.experiment;

/**
 * End-to-end figures of one flow (or of all requests together) in one run, over the measured requests.
 *
 * @param requests      requests that arrived in the measured interval
 * @param errors        of them, failed requests
 * @param meanMs        mean end-to-end latency, ms (exact)
 * @param p50Ms         median, ms (HdrHistogram, 3 significant digits)
 * @param p90Ms         90th percentile, ms
 * @param p99Ms         99th percentile, ms
 * @param slaViolations requests slower than the flow's tail SLA (the per-request latency bound)
 */
public record FlowResult(long requests, long errors, double meanMs, double p50Ms, double p90Ms, double p99Ms,
                         long slaViolations) {
    /** Share of requests above the SLA, percent; 0 without requests. */
    public double slaViolationPercent() {
        return requests == 0 ? 0 : 100.0 * slaViolations / requests;
    }
}
