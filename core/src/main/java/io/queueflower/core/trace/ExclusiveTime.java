package io.queueflower.core.trace;

import io.queueflower.avro.Span;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Exclusive (self) time of each service in one trace, and the other per-trace facts the estimators need.
 *
 * <p>Definitions, after QueueFlower (ICWS 2024) and its reference implementation:
 * <ul>
 *   <li><b>Reference exclusive time</b> of a span: its duration minus the sum of the durations of its direct children,
 *   whatever service they belong to; a span without children counts whole. It goes negative when children run in
 *   parallel, exactly as in the reference.</li>
 *   <li><b>Overlap-aware exclusive time</b> of a span: its duration minus the length of the union of its direct
 *   children's intervals {@code [start, start + duration)}, clipped at 0, so parallel fan-out never goes negative.
 *   Children's intervals are not cut to the parent's interval (the definition does not), so a child shifted past its
 *   parent by clock skew only ever lowers the parent's term, and the clip at 0 bounds that.</li>
 *   <li>A service's exclusive time in the trace is the sum over its spans.</li>
 *   <li>The <b>flow</b> is the root span's operation name. With several parentless spans the earliest (then the
 *   smallest span id) is the root: a deterministic choice, since the reference assumes exactly one.</li>
 * </ul>
 * Spans with the same span id count once (the first one seen wins); a span naming itself as parent is treated as having
 * a missing parent, since it cannot be its own child.
 */
public final class ExclusiveTime {
    private static final Comparator<Span> ROOT_ORDER =
            Comparator.comparingLong(Span::getStartMicros).thenComparing(Span::getSpanId);

    private ExclusiveTime() {
    }

    /**
     * The span a trace is judged by: of the spans without a parent, the earliest (then the smallest span id, so the
     * choice never depends on arrival order). A trace's flow, window and end-to-end latency are its root's; the
     * streams app's assembly and the simulator's in-process loop both choose it here.
     */
    public static Optional<Span> root(Collection<Span> spans) {
        return spans.stream().filter(span -> span.getParentSpanId() == null).min(ROOT_ORDER);
    }

    /**
     * Analyses the spans of one trace.
     *
     * @throws IllegalArgumentException when there are no spans, spans of different traces, or a negative duration
     */
    public static TraceBreakdown analyse(Collection<Span> spans) {
        if (spans == null || spans.isEmpty()) {
            throw new IllegalArgumentException("a trace needs at least one span");
        }
        String traceId = null;
        Map<String, Span> byId = new LinkedHashMap<>();
        int duplicates = 0;
        for (Span span : spans) {
            if (traceId == null) {
                traceId = span.getTraceId();
            } else if (!traceId.equals(span.getTraceId())) {
                throw new IllegalArgumentException("span " + span.getSpanId() + " belongs to trace " + span.getTraceId()
                        + ", not to trace " + traceId);
            }
            if (span.getDurationMicros() < 0) {
                throw new IllegalArgumentException("span " + span.getSpanId() + " of trace " + traceId
                        + " has a negative duration: " + span.getDurationMicros() + " us");
            }
            if (byId.putIfAbsent(span.getSpanId(), span) != null) {
                duplicates++;
            }
        }

        Map<String, List<Span>> children = new HashMap<>();
        List<Span> roots = new ArrayList<>();
        int missingParents = 0;
        for (Span span : byId.values()) {
            String parent = span.getParentSpanId();
            if (parent == null) {
                roots.add(span);
            } else if (parent.equals(span.getSpanId()) || !byId.containsKey(parent)) {
                missingParents++;
            } else {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(span);
            }
        }

        Map<String, long[]> sums = new TreeMap<>(); // service -> {spans, reference, overlap-aware}
        Map<String, TreeSet<String>> hosts = new TreeMap<>();
        for (Span span : byId.values()) {
            List<Span> kids = children.getOrDefault(span.getSpanId(), List.of());
            long[] sum = sums.computeIfAbsent(span.getService(), s -> new long[3]);
            sum[0]++;
            sum[1] += referenceExclusive(span, kids);
            sum[2] += overlapAwareExclusive(span, kids);
            TreeSet<String> serviceHosts = hosts.computeIfAbsent(span.getService(), s -> new TreeSet<>());
            if (span.getHost() != null) {
                serviceHosts.add(span.getHost());
            }
        }
        TreeMap<String, ServiceBreakdown> services = new TreeMap<>();
        sums.forEach((service, sum) -> services.put(service,
                new ServiceBreakdown((int) sum[0], sum[1], sum[2], List.copyOf(hosts.get(service)))));

        Span root = roots.stream().min(ROOT_ORDER).orElse(null);
        if (root != null) {
            return new TraceBreakdown(traceId, root.getOperation(), root.getService(), root.getStatusCode(),
                    root.getStartMicros(), root.getDurationMicros(),
                    RootStatus.isError(root.getError(), root.getStatusCode()),
                    byId.size(), duplicates, missingParents, services);
        }
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (Span span : byId.values()) {
            start = Math.min(start, span.getStartMicros());
            end = Math.max(end, span.getStartMicros() + span.getDurationMicros());
        }
        return new TraceBreakdown(traceId, null, null, null, start, end - start, false,
                byId.size(), duplicates, missingParents, services);
    }

    /** Duration minus the summed durations of the direct children; negative under parallel fan-out. */
    static long referenceExclusive(Span span, List<Span> children) {
        long childTime = 0;
        for (Span child : children) {
            childTime += child.getDurationMicros();
        }
        return span.getDurationMicros() - childTime;
    }

    /** Duration minus the length of the union of the children's intervals, clipped at 0. */
    static long overlapAwareExclusive(Span span, List<Span> children) {
        long[][] intervals = new long[children.size()][];
        for (int i = 0; i < intervals.length; i++) {
            Span child = children.get(i);
            intervals[i] = new long[] {child.getStartMicros(), child.getStartMicros() + child.getDurationMicros()};
        }
        return Math.max(0, span.getDurationMicros() - unionLength(intervals));
    }

    /** Length of the union of half-open intervals {@code [from, to)}; the array is reordered. */
    static long unionLength(long[][] intervals) {
        java.util.Arrays.sort(intervals, Comparator.comparingLong(interval -> interval[0]));
        long total = 0;
        long runStart = 0;
        long runEnd = 0;
        boolean inRun = false;
        for (long[] interval : intervals) {
            if (!inRun || interval[0] > runEnd) {
                if (inRun) {
                    total += runEnd - runStart;
                }
                runStart = interval[0];
                runEnd = interval[1];
                inRun = true;
            } else {
                runEnd = Math.max(runEnd, interval[1]);
            }
        }
        return inRun ? total + (runEnd - runStart) : total;
    }
}
