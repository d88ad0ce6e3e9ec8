package io.queueflower.simulator.engine;

/**
 * Queueing figures of one service's station (its queue and its servers, not the calls it makes downstream), measured
 * since the last {@link Simulation#resetStationStats} (or the start).
 *
 * @param service          service name
 * @param measuredSeconds  length of the measurement interval
 * @param arrivals         work items that reached the station in the interval
 * @param completions      work items that finished their work in the interval
 * @param meanWaitSeconds  mean time from reaching the station to starting work, over completed items
 * @param meanSojournSeconds mean time from reaching the station to finishing work, over completed items
 * @param meanInStation    time-average number of items waiting or in work: L in Little's law
 */
public record StationStats(String service, double measuredSeconds, long arrivals, long completions,
                           double meanWaitSeconds, double meanSojournSeconds, double meanInStation) {
    /** Arrivals per second: λ in Little's law. */
    public double arrivalRate() {
        return arrivals / measuredSeconds;
    }
}
