package io.queueflower.core.time;

import io.queueflower.core.algorithm.ConfigNamed;
import java.util.OptionalLong;

/**
 * What becomes of a trace whose window has already closed ({@code window.late.traces}): the one rule both window
 * loops (the Kafka topology and the in-process closed loop) apply.
 *
 * <p>Why it matters: a trace is late when it finished more than the grace after its window's end, which is exactly
 * what a congested service does to the traces through it. Dropping them leaves the window with the lucky, fast traces
 * only, so a service's queue is under-estimated precisely when it is largest, and a service whose every trace is stuck
 * looks idle. Counting a late trace in the oldest window still open keeps its exclusive times, and so the queue they
 * show, in the next decision.
 */
public enum LateTraces implements ConfigNamed {
    /** Counted, with their own times, in the oldest window still open (default). */
    NEXT_WINDOW("next-window"),
    /** Counted as late and left out, as the reference's Jaeger queries by start time leave them out. */
    DROP("drop");

    private final String configName;

    LateTraces(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static LateTraces fromConfigName(String name) {
        return ConfigNamed.parse(LateTraces.class, "late-trace rule", name);
    }

    /**
     * The window a trace is counted in.
     *
     * @param traceWindowStart start of the window holding the trace's root start
     * @param oldestOpenStart  start of the oldest window not yet closed
     * @return the window's start, or empty when the trace is dropped
     */
    public OptionalLong assign(long traceWindowStart, long oldestOpenStart) {
        if (traceWindowStart >= oldestOpenStart) {
            return OptionalLong.of(traceWindowStart);
        }
        return this == NEXT_WINDOW ? OptionalLong.of(oldestOpenStart) : OptionalLong.empty();
    }
}
