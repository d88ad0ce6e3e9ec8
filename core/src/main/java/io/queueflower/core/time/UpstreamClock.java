package io.queueflower.core.time;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A stage's event time when its input comes from several upstream partitions: the time all of them have reached
 * ({@link UpstreamProgress}), moved on by the {@link IdleClock} rule when no input has arrived for a while. Both the
 * trace assembly (fed by every partition of the decoding stage) and the window stage (fed by every partition of the
 * assembly) keep time this way, so that what they let out or close does not depend on how the traffic was spread.
 *
 * <p>Mutable: one per stream task, in memory (see {@link UpstreamProgress} for why that is safe after a restart).
 */
public final class UpstreamClock {
    private final UpstreamProgress upstream;
    private IdleClock clock;

    /**
     * @param sources upstream partitions expected
     * @param idleMs  wall-clock silence after which time moves with the wall clock; 0 disables
     */
    public UpstreamClock(int sources, long idleMs) {
        upstream = new UpstreamProgress(sources);
        clock = IdleClock.idleAfter(idleMs);
    }

    /**
     * A record at {@code timeMs} from upstream partition {@code source} arrived at wall-clock time {@code wallMs};
     * with no source it stands for every partition (a record from outside the pipeline, such as replay's final
     * watermark, or the only partition there is).
     */
    public void heard(OptionalInt source, long timeMs, long wallMs) {
        if (source.isPresent()) {
            upstream.advance(source.getAsInt(), timeMs);
        } else {
            upstream.advanceAll(timeMs);
        }
        OptionalLong reached = upstream.reached();
        if (reached.isPresent()) {
            clock = clock.observed(reached.getAsLong(), wallMs);
        } else {
            input(wallMs);
        }
    }

    /** Input that says nothing about time arrived at {@code wallMs}: the silence is over, time stays. */
    public void input(long wallMs) {
        if (clock.started()) {
            clock = clock.observed(clock.eventTimeMs(), wallMs);
        }
    }

    /**
     * Upstream partition {@code source} holds nothing: it no longer holds time back. Not input: a quiet partition is
     * what the idle rule is for.
     */
    public void quiet(int source, long wallMs) {
        upstream.quiet(source);
        upstream.reached().ifPresent(reached -> clock = clock.movedTo(reached, wallMs));
    }

    /** After the silence check at {@code wallMs}: true when time moved with the wall clock. */
    public boolean advancedAt(long wallMs) {
        return clock.advancedAt(wallMs).map(advanced -> {
            clock = advanced;
            return true;
        }).orElse(false);
    }

    /**
     * Starts a clock that has seen nothing at {@code timeMs}, e.g. the time reached before a restart, so that the idle
     * rule can move it on in a silence; only once every upstream partition has been heard from and all are quiet
     * (none has a time): while one may still send something older, a time from elsewhere (a task's stream time is its
     * fastest partition's) would let out what that partition still holds back.
     */
    public void seed(long timeMs, long wallMs) {
        if (!clock.started() && upstream.allQuiet()) {
            clock = clock.observed(timeMs, wallMs);
        }
    }

    public boolean started() {
        return clock.started();
    }

    /** The time reached; {@link Long#MIN_VALUE} before it has started. */
    public long eventTimeMs() {
        return clock.eventTimeMs();
    }

    public boolean idleEnabled() {
        return clock.enabled();
    }

    public long idleMs() {
        return clock.idleMs();
    }

    @Override
    public String toString() {
        return "UpstreamClock[" + upstream + ", " + clock + "]";
    }
}
