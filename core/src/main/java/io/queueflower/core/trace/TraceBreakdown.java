package io.queueflower.core.trace;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The facts QueueFlower needs from one trace, computed by {@link ExclusiveTime#analyse}.
 *
 * @param traceId                trace id shared by all spans
 * @param flow                   the request flow: the operation name of the root span (the span without a parent); null
 *                               when no root span was present
 * @param rootService            service of the root span; null without a root
 * @param rootStatusCode         status code of the root span; null when unknown
 * @param startMicros            start of the root span, else of the earliest span, epoch microseconds
 * @param endToEndMicros         end-to-end latency: the root span's duration, else the extent of all spans
 * @param error                  true when the root span has its error flag or a status outside 200-299 (see
 *                               {@link RootStatus}); false without a root, since nothing says the request failed
 * @param spanCount              distinct spans (by span id)
 * @param duplicateSpans         spans dropped because their span id had already been seen
 * @param spansWithMissingParent spans whose parent span id is not among the trace's spans
 * @param services               per service, its spans, exclusive times and hosts, by service name
 */
public record TraceBreakdown(
        String traceId,
        String flow,
        String rootService,
        Integer rootStatusCode,
        long startMicros,
        long endToEndMicros,
        boolean error,
        int spanCount,
        int duplicateSpans,
        int spansWithMissingParent,
        SortedMap<String, ServiceBreakdown> services) {

    public TraceBreakdown {
        Objects.requireNonNull(traceId, "traceId");
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
    }

    /** True when the trace had a root span and every span's parent was present. */
    public boolean complete() {
        return flow != null && spansWithMissingParent == 0;
    }
}
