package io.queueflower.core.algorithm;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the balanced QueueFlower remembers between windows, per service.
 *
 * @param services service → its memory
 */
public record BalancedState(SortedMap<String, ServiceMemory> services) implements AlgorithmState {
    /** Nothing learnt yet. */
    public static final BalancedState EMPTY = new BalancedState(new TreeMap<>());

    /** No move recorded. */
    public static final long NEVER = Long.MIN_VALUE;

    /**
     * One service's memory.
     *
     * @param serviceTimeMs smoothed service-time estimate s̄ (ms of busy server time per trace), from the windows that
     *                      were neither saturated nor mixed; NaN until one was seen
     * @param offeredLoad   the offered load the previous decision planned for (busy servers); NaN when none
     * @param recentPeak    the highest measured load, decayed window by window; NaN when none
     * @param arrivalRate   λ of the window the previous decision was made on; NaN when none
     * @param inSystem      L of that window; NaN when none
     * @param lastMove      +1 when the latest decision that changed the service's replicas raised them, −1 when it
     *                      lowered them, 0 when none did
     * @param lastMoveAtMs  end of the window whose decision made that change (epoch ms), {@link #NEVER} when none
     */
    public record ServiceMemory(double serviceTimeMs, double offeredLoad, double recentPeak, double arrivalRate,
                                double inSystem, int lastMove, long lastMoveAtMs) {
        /** Nothing known. */
        public static final ServiceMemory NONE = new ServiceMemory(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 0, NEVER);

        public ServiceMemory {
            requireUnknownOrNonNegative(serviceTimeMs, "service time");
            requireUnknownOrNonNegative(offeredLoad, "offered load");
            requireUnknownOrNonNegative(recentPeak, "recent peak");
            requireUnknownOrNonNegative(arrivalRate, "arrival rate");
            requireUnknownOrNonNegative(inSystem, "requests in system");
            if (lastMove < -1 || lastMove > 1) {
                throw new IllegalArgumentException("last move must be -1, 0 or 1, got " + lastMove);
            }
            if ((lastMove == 0) != (lastMoveAtMs == NEVER)) {
                throw new IllegalArgumentException("a move needs its time and a time its move, got " + lastMove
                        + " at " + lastMoveAtMs);
            }
        }

        private static void requireUnknownOrNonNegative(double value, String what) {
            if (!(Double.isNaN(value) || value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(what + " must be NaN or finite and >= 0, got " + value);
            }
        }
    }

    public BalancedState {
        services = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(services, "services")));
    }

    /** The memory of a service, or {@link ServiceMemory#NONE}. */
    public ServiceMemory of(String service) {
        return services.getOrDefault(service, ServiceMemory.NONE);
    }
}
