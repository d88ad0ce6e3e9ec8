package io.queueflower.core.algorithm;

/**
 * How the balanced QueueFlower estimates one service's offered load a (busy servers) from one window, and what it
 * remembers for the next: the rules, in one place.
 *
 * <ul>
 *   <li><b>Idle</b>: no trace reached the service. Half the previous load is planned for (0 when there was none):
 *   a window without traces may mean the traffic stopped, or that every trace is stuck in a queue and has not
 *   finished yet, and the two look the same until the stuck ones come out; halving lets real idleness fade within
 *   a few windows without stripping a stalled service at once.</li>
 *   <li><b>Clean</b>: the M/M/c inverse of L on the servers ({@link MmcQueue#offeredLoad}) gives the busy servers;
 *   divided by λ it is the service time, which updates s̄ by an exponentially weighted mean
 *   ({@link BalancedSettings#smoothing}). The load planned for is λ'·s̄, so a change of traffic is followed in the very
 *   next decision while one window's noisy queue is damped.</li>
 *   <li><b>Trend</b>: λ' = λ + rise·{@link BalancedSettings#trendWindows}, where the rise is how far λ exceeds the
 *   previous window's λ beyond three standard deviations of the difference of two Poisson counts,
 *   {@code 3·sqrt((λ + λ_prev)/T)}. A decision takes effect a window or so after the window it was made on; on a
 *   rising ramp the load will be higher by then, and planning for the rise keeps the floors ahead of it. The noise
 *   bar keeps a steady load's sampling noise from being extrapolated (each such rise would be undone a window
 *   later). Falls are not extrapolated: the damped moves follow them.</li>
 *   <li><b>Mixed</b>: the service's latest change took effect inside this window (it is applied at the deciding
 *   window's end + grace, its pods serve after their start-up), so the window's queue was built partly on the old
 *   servers and cannot be put down to either count: a queue left over from too few pods would read as saturation of
 *   the new ones. s̄ is not updated and the window is never judged saturated (if the new servers are still too few,
 *   the next, clean, window says so); the load planned for is λ'·s̄ (the previous load while s̄ is unknown) plus
 *   the backlog: the requests in system beyond what the M/M/c model expects of λ·s̄ on the servers need
 *   {@code backlog·s̄/T} more busy servers to be cleared within one window (a backlog left by too few pods otherwise
 *   drains for many windows at the new pods' small margin).</li>
 *   <li><b>Draining</b>: a clean window whose L implies saturation but is below {@link #DRAINING} of the previous
 *   window's: the queue is shrinking, so the servers are ahead of the arrivals and what looks like saturation is a
 *   backlog being worked off (typically the one a saturated neighbour upstream has just released). Planned like a
 *   mixed window, λ'·s̄ plus the backlog to clear within a window; without s̄, as saturated.</li>
 *   <li><b>Saturated</b>: a clean window whose L implies a utilisation of at least {@code saturation}. A queue that
 *   grows without bound says that the load exceeds the servers, not by how much: λ counts the traces that finished,
 *   i.e. what the servers managed, and traces stuck in the queue are not seen until they come out. So the load
 *   planned for is a probe, the largest of λ·s̄, {@code overloadGrowth} times the servers (the capacity doubles, by
 *   default, for each window the queue keeps growing) and c·(1 + 2·W/T): a queue that starts empty under utilisation
 *   ρ > 1 gives the request arriving at t a wait of (ρ − 1)·t, a mean of (ρ − 1)·T/2 over a window of length T, so a
 *   mean time in the service W needs at least that overload. s̄ is not updated.</li>
 * </ul>
 *
 * @param kind          which rule applied
 * @param arrivalRate   λ, traces per second that reached the service
 * @param inSystem      L = Σ_f λ·W, requests in the service
 * @param servers       servers the window ran on (replicas × concurrency)
 * @param offeredLoad   a, the load planned for, busy servers
 * @param serviceTimeMs s̄ after this window, ms; NaN while unknown
 */
public record OfferedLoad(Kind kind, double arrivalRate, double inSystem, int servers, double offeredLoad,
                          double serviceTimeMs) {

    /** Standard deviations of sampling noise a rise of λ must exceed to be extrapolated. */
    static final double NOISE_SIGMAS = 3;

    /** A saturated-looking queue below this share of the previous window's is draining. */
    static final double DRAINING = 0.8;

    /** Which rule applied. */
    public enum Kind { IDLE, MIXED, DRAINING, CLEAN, SATURATED }

    /**
     * Estimates.
     *
     * @param arrivalRate         λ of the window, traces/s
     * @param inSystem            L of the window
     * @param servers             replicas × concurrency in the window
     * @param windowSeconds       T
     * @param mixed               the service's latest change took effect inside this window
     * @param serviceTimeMs       s̄ before this window, NaN when unknown
     * @param previousLoad        the load planned for at the previous decision, NaN when none
     * @param previousArrivalRate λ of the previous window, NaN when none
     * @param previousInSystem    L of the previous window, NaN when none
     * @param params              smoothing, trend and saturation
     */
    public static OfferedLoad estimate(double arrivalRate, double inSystem, int servers, double windowSeconds,
                                       boolean mixed, double serviceTimeMs, double previousLoad,
                                       double previousArrivalRate, double previousInSystem, BalancedSettings params) {
        if (!(arrivalRate > 0)) {
            return new OfferedLoad(Kind.IDLE, 0, inSystem, servers, Double.isNaN(previousLoad) ? 0 : previousLoad / 2,
                    serviceTimeMs);
        }
        double rise = Double.isNaN(previousArrivalRate) ? 0 : Math.max(0, arrivalRate - previousArrivalRate
                - NOISE_SIGMAS * Math.sqrt((arrivalRate + previousArrivalRate) / windowSeconds));
        double planned = arrivalRate + rise * params.trendWindows();
        if (mixed) {
            if (Double.isNaN(serviceTimeMs)) {
                return new OfferedLoad(Kind.MIXED, arrivalRate, inSystem, servers,
                        Double.isNaN(previousLoad) ? inSystem : previousLoad, serviceTimeMs);
            }
            return withBacklog(Kind.MIXED, arrivalRate, planned, inSystem, servers, windowSeconds, serviceTimeMs);
        }
        double implied = servers == 0 ? Double.POSITIVE_INFINITY : MmcQueue.offeredLoad(inSystem, servers);
        boolean shrinking = !Double.isNaN(previousInSystem) && inSystem < DRAINING * previousInSystem;
        if (implied >= params.saturation() * servers && shrinking && !Double.isNaN(serviceTimeMs)) {
            return withBacklog(Kind.DRAINING, arrivalRate, planned, inSystem, servers, windowSeconds, serviceTimeMs);
        }
        if (implied >= params.saturation() * servers) {
            double known = Double.isNaN(serviceTimeMs) ? 0 : arrivalRate * serviceTimeMs / 1000;
            double meanSeconds = inSystem / arrivalRate;
            double grown = Math.max(1, servers)
                    * Math.max(params.overloadGrowth(), 1 + 2 * meanSeconds / windowSeconds);
            return new OfferedLoad(Kind.SATURATED, arrivalRate, inSystem, servers, Math.max(known, grown),
                    serviceTimeMs);
        }
        double instantMs = implied / arrivalRate * 1000;
        double smoothed = Double.isNaN(serviceTimeMs) ? instantMs
                : params.smoothing() * instantMs + (1 - params.smoothing()) * serviceTimeMs;
        return new OfferedLoad(Kind.CLEAN, arrivalRate, inSystem, servers, planned * smoothed / 1000, smoothed);
    }

    /** λ'·s̄ plus the servers that clear, within one window, what is in system beyond the M/M/c expectation. */
    private static OfferedLoad withBacklog(Kind kind, double arrivalRate, double planned, double inSystem, int servers,
                                           double windowSeconds, double serviceTimeMs) {
        double steady = arrivalRate * serviceTimeMs / 1000;
        double expected = steady < servers ? MmcQueue.meanInSystem(steady, servers) : inSystem;
        double drain = Math.max(0, inSystem - expected) * serviceTimeMs / 1000 / windowSeconds;
        return new OfferedLoad(kind, arrivalRate, inSystem, servers, planned * serviceTimeMs / 1000 + drain,
                serviceTimeMs);
    }
}
