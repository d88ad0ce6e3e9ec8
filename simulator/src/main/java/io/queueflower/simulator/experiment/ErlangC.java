package io.queueflower.simulator.experiment;

/**
 * M/M/c waiting time, used only to give the static-allocation search a good starting point (the search itself
 * measures allocations on the simulator). Erlang B by its stable recursion, then C = cB / (c − a(1 − B)).
 */
final class ErlangC {
    private ErlangC() {
    }

    /** Mean wait in queue for Poisson arrivals λ, exponential service rate μ, c servers; +∞ when a = λ/μ ≥ c. */
    static double meanWait(int servers, double lambda, double mu) {
        if (lambda <= 0) {
            return 0;
        }
        double a = lambda / mu;
        if (servers <= 0 || a >= servers) {
            return Double.POSITIVE_INFINITY;
        }
        double b = 1;
        for (int k = 1; k <= servers; k++) {
            b = a * b / (k + a * b);
        }
        double c = servers * b / (servers - a * (1 - b));
        return c / (servers * mu - lambda);
    }
}
