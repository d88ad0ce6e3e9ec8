package io.queueflower.simulator.model;

import java.util.Locale;

/** How a service serves the work that reaches it. */
public enum Discipline {
    /**
     * First come, first served over all the service's servers: one queue in front of replicas × concurrency
     * servers (an M/M/c queue under Poisson arrivals and exponential work).
     */
    FCFS,
    /**
     * Processor sharing inside each pod: a pod's requests share its concurrency (each runs at rate min(1, c/n)),
     * and a new request goes to the ready pod with the fewest requests (least-request balancing).
     */
    PS;

    public static Discipline parse(String text, String where) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "fcfs" -> FCFS;
            case "ps", "processor-sharing" -> PS;
            default -> throw new ModelFormatException(where, "discipline must be fcfs or ps, got '" + text + "'");
        };
    }
}
