package io.queueflower.core.trace;

import io.queueflower.avro.Span;
import io.queueflower.avro.TraceSummary;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the Avro {@link TraceSummary} (the qf.traces contract) from a trace's spans or its {@link TraceBreakdown}. */
public final class TraceSummaries {
    private TraceSummaries() {
    }

    /**
     * Summarises the spans of one trace.
     *
     * @param lateSpans       spans that arrived after an earlier summary of the same trace was emitted
     * @param emittedAtMicros event time of the emission, epoch microseconds
     */
    public static TraceSummary summarise(Collection<Span> spans, int lateSpans, long emittedAtMicros) {
        return toSummary(ExclusiveTime.analyse(spans), lateSpans, emittedAtMicros);
    }

    /** Converts a breakdown; maps are written in service-name order so equal traces serialise to equal bytes. */
    public static TraceSummary toSummary(TraceBreakdown trace, int lateSpans, long emittedAtMicros) {
        if (lateSpans < 0) {
            throw new IllegalArgumentException("lateSpans must be >= 0, got " + lateSpans);
        }
        Map<String, Integer> spanCounts = new LinkedHashMap<>();
        Map<String, Long> exclusive = new LinkedHashMap<>();
        Map<String, Long> exclusiveOverlap = new LinkedHashMap<>();
        Map<String, java.util.List<String>> hosts = new LinkedHashMap<>();
        trace.services().forEach((service, breakdown) -> {
            spanCounts.put(service, breakdown.spans());
            exclusive.put(service, breakdown.exclusiveMicros());
            exclusiveOverlap.put(service, breakdown.exclusiveOverlapMicros());
            hosts.put(service, breakdown.hosts());
        });
        return TraceSummary.newBuilder()
                .setTraceId(trace.traceId())
                .setFlow(trace.flow())
                .setRootService(trace.rootService())
                .setStartMicros(trace.startMicros())
                .setEndToEndMicros(trace.endToEndMicros())
                .setError(trace.error())
                .setRootStatusCode(trace.rootStatusCode())
                .setSpanCount(trace.spanCount())
                .setServiceSpanCounts(spanCounts)
                .setExclusiveMicros(exclusive)
                .setExclusiveOverlapMicros(exclusiveOverlap)
                .setHosts(hosts)
                .setLateSpans(lateSpans)
                .setComplete(trace.complete())
                .setEmittedAtMicros(emittedAtMicros)
                .build();
    }
}
