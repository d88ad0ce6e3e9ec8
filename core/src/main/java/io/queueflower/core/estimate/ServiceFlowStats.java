package io.queueflower.core.estimate;

import java.util.Objects;

/**
 * One (service, flow) pair over one window, built from the error-free traces of the flow in which the service appears.
 *
 * @param service           service name
 * @param flow              flow (root operation)
 * @param traces            error-free traces of the flow in which the service appears
 * @param arrivalRatePerSec λ[n][f] = traces / window length in seconds
 * @param exclusiveMeanMs   mean per-trace exclusive time of the service in the flow, ms: the reference queue estimate
 *                          q[n][f]
 * @param exclusiveP50Ms    median per-trace exclusive time, ms (sketch)
 * @param exclusiveP90Ms    90th percentile, ms (sketch)
 * @param exclusiveP99Ms    99th percentile, ms (sketch)
 * @param tailMeanMs        tail estimate t[n][f]: the mean of the per-trace exclusive times strictly above their 90th
 *                          percentile (pandas linear interpolation, {@link Quantiles#tailMean}), ms; from the exact
 *                          sample when the window kept it, else equal to {@code tailMeanApproxMs}
 * @param tailMeanApproxMs  the same from the sketch ({@link LatencySketch#tailMeanMicros}), ms
 */
public record ServiceFlowStats(
        String service,
        String flow,
        long traces,
        double arrivalRatePerSec,
        double exclusiveMeanMs,
        double exclusiveP50Ms,
        double exclusiveP90Ms,
        double exclusiveP99Ms,
        double tailMeanMs,
        double tailMeanApproxMs) {

    public ServiceFlowStats {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(flow, "flow");
        if (traces < 1) {
            throw new IllegalArgumentException("a (service, flow) pair exists only with traces, got " + traces
                    + " for " + service + " in " + flow);
        }
        if (!(arrivalRatePerSec >= 0) || !Double.isFinite(exclusiveMeanMs) || !Double.isFinite(tailMeanMs)) {
            throw new IllegalArgumentException("rates and means must be finite (rate >= 0) for " + service + " in " + flow);
        }
    }

    /** Reference queue estimate q[n][f]: the mean exclusive time in ms. */
    public double queueReferenceMs() {
        return exclusiveMeanMs;
    }

    /**
     * Little's-law queue estimate q[n][f] = λ[n][f]·W[n][f]: arrivals per second times the mean exclusive time in
     * seconds, i.e. the mean number of this flow's requests inside the service.
     */
    public double queueLittlesLaw() {
        return arrivalRatePerSec * exclusiveMeanMs / 1000.0;
    }
}
