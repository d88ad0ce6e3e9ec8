package io.queueflower.core.estimate;

/**
 * One service over one window, all flows together (what HAB and HPA use).
 *
 * @param service           service name
 * @param traces            error-free traces in which the service appears (a trace has one flow, so Σ_f traces[n][f])
 * @param arrivalRatePerSec λ[n] = traces / window seconds
 * @param exclusiveMeanMs   s[n]: the mean per-trace exclusive time over all flows, ms (the trace-weighted mean of the
 *                          per-flow means)
 */
public record ServiceStats(String service, long traces, double arrivalRatePerSec, double exclusiveMeanMs) {
}
