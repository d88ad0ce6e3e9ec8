package io.queueflower.core.time;

import java.time.Duration;
import java.util.Optional;

/**
 * A stage's event time, and how far it may be taken to have moved while its input is quiet.
 *
 * <p>Event time only moves when records with later timestamps arrive, so when the traffic stops, the last window
 * would never close and no decision would say that the load is gone. The rule here:
 *
 * <ul>
 *   <li>Event time is the largest timestamp observed.</li>
 *   <li>Once no record has arrived for {@code idleMs} of wall-clock time, event time moves on by the wall-clock time
 *   elapsed since it last moved (by a record or by this rule), and again at every later check while the silence
 *   lasts: from then on it runs with the wall clock, as it would have if traffic had carried on.</li>
 *   <li>Any record ends the silence, also one whose timestamp is behind the advanced time (which never moves back).
 *   Records that keep arriving, even old ones, mean the pipeline is delivering, not that the traffic has stopped.</li>
 *   <li>A disabled clock ({@code idleMs} 0) and one that has seen no record never advance.</li>
 * </ul>
 *
 * <p>It assumes event time and the wall clock run at the same pace, as they do for live traces. When they do not
 * (sped-up simulations, replays), the wall clock says nothing about event time and the rule should be off.
 *
 * @param idleMs          wall-clock silence after which event time moves with the wall clock; 0 disables
 * @param eventTimeMs     event time reached; {@link Long#MIN_VALUE} before the first record
 * @param movedAtWallMs   wall-clock time at which event time last moved
 * @param inputAtWallMs   wall-clock time at which the last record arrived
 */
public record IdleClock(long idleMs, long eventTimeMs, long movedAtWallMs, long inputAtWallMs) {
    private static final long NOT_STARTED = Long.MIN_VALUE;
    private static final long LONGEST_CHECK_MS = 1_000;

    public IdleClock {
        if (idleMs < 0) {
            throw new IllegalArgumentException("idle time must be >= 0 ms (0 disables), got " + idleMs);
        }
    }

    /** A clock that has seen nothing yet. */
    public static IdleClock idleAfter(long idleMs) {
        return new IdleClock(idleMs, NOT_STARTED, NOT_STARTED, NOT_STARTED);
    }

    /**
     * How long trace assembly waits before letting out the traces it holds: half the window stage's idle time, so
     * those traces reach the window stage, and restart its count, before it closes their window on silence.
     */
    public static long assemblyIdleMs(long windowIdleMs) {
        return windowIdleMs == 0 ? 0 : Math.max(1, windowIdleMs / 2);
    }

    /**
     * How often to check for silence: a quarter of the idle time, at most a second (the check is two subtractions,
     * and a second is nothing beside any sensible idle time), at least a millisecond.
     */
    public static Duration checkInterval(long idleMs) {
        return Duration.ofMillis(Math.max(1, Math.min(LONGEST_CHECK_MS, idleMs / 4)));
    }

    public boolean enabled() {
        return idleMs > 0;
    }

    public boolean started() {
        return eventTimeMs != NOT_STARTED;
    }

    /** After a record with timestamp {@code eventTimeMs} arrived at wall-clock time {@code wallMs}. */
    public IdleClock observed(long eventTimeMs, long wallMs) {
        if (!started() || eventTimeMs > this.eventTimeMs) {
            return new IdleClock(idleMs, eventTimeMs, wallMs, wallMs);
        }
        return new IdleClock(idleMs, this.eventTimeMs, movedAtWallMs, wallMs);
    }

    /**
     * Event time moved to {@code eventTimeMs} at wall-clock time {@code wallMs} without a record arriving (a quiet
     * upstream partition stopped holding it back): the count of the silence goes on as it was. A clock that has seen
     * nothing starts here, its silence counted from now.
     */
    public IdleClock movedTo(long eventTimeMs, long wallMs) {
        if (!started()) {
            return new IdleClock(idleMs, eventTimeMs, wallMs, wallMs);
        }
        if (eventTimeMs <= this.eventTimeMs) {
            return this;
        }
        return new IdleClock(idleMs, eventTimeMs, wallMs, inputAtWallMs);
    }

    /** The clock advanced at wall-clock time {@code wallMs}, or empty when event time may not move now. */
    public Optional<IdleClock> advancedAt(long wallMs) {
        if (!enabled() || !started() || wallMs - inputAtWallMs < idleMs) {
            return Optional.empty();
        }
        long elapsed = wallMs - movedAtWallMs;
        if (elapsed <= 0) {
            return Optional.empty(); // the wall clock stood still or was set back: no evidence that time passed
        }
        return Optional.of(new IdleClock(idleMs, eventTimeMs + elapsed, wallMs, inputAtWallMs));
    }
}
