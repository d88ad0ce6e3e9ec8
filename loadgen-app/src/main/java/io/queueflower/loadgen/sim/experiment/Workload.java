package io.queueflower.loadgen.sim.experiment;

import io.queueflower.loadgen.workload.RatePattern;

/**
 * A named arrival pattern with its run length.
 *
 * @param name            name in reports
 * @param rate            arrival intensity
 * @param durationSeconds arrivals stop here; requests in flight then still finish and are measured
 */
public record Workload(String name, RatePattern rate, double durationSeconds) {
    /** Time-average rate over the run. */
    public double meanRate() {
        return rate.expectedArrivals(durationSeconds) / durationSeconds;
    }
}
