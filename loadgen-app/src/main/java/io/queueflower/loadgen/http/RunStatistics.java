package io.queueflower.loadgen.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts and latencies of a run, per request type. Connections record concurrently (HdrHistogram {@link Recorder}s
 * and {@link LongAdder}s, both wait-free for writers); one reporting thread takes interval snapshots and keeps the
 * running totals.
 */
public final class RunStatistics {
    /** Three significant digits, as wrk2 records. */
    static final int SIGNIFICANT_DIGITS = 3;

    private final Map<String, TypeStats> byType = new LinkedHashMap<>();
    private final Histogram allCorrected = new Histogram(SIGNIFICANT_DIGITS);
    private final Histogram allUncorrected = new Histogram(SIGNIFICANT_DIGITS);
    private final List<IntervalStats> allIntervals = new ArrayList<>();

    public RunStatistics(List<String> requestTypes) {
        for (String type : requestTypes) {
            byType.put(type, new TypeStats());
        }
    }

    private TypeStats stats(String type) {
        TypeStats stats = byType.get(type);
        if (stats == null) {
            throw new IllegalStateException("request type '" + type + "' was not declared by the workload");
        }
        return stats;
    }

    public void sent(String type) {
        stats(type).sent.increment();
    }

    /**
     * @param correctedNanos   from the request's intended send time to the end of its response
     * @param uncorrectedNanos from the moment it was actually written
     */
    public void response(String type, int status, long correctedNanos, long uncorrectedNanos) {
        TypeStats stats = stats(type);
        stats.corrected.recordValue(micros(correctedNanos));
        stats.uncorrected.recordValue(micros(uncorrectedNanos));
        stats.responses.increment();
        if (!FailureKind.isSuccess(status)) {
            stats.error(FailureKind.status(status));
        }
    }

    public void failure(String type, String kind) {
        stats(type).error(kind);
    }

    private static long micros(long nanos) {
        return Math.max(0, (nanos + 500) / 1000);
    }

    /** Closes the interval [startSeconds, endSeconds) of the run; called by the reporting thread only. */
    public synchronized IntervalStats closeInterval(double startSeconds, double endSeconds, double targetRate) {
        double length = endSeconds - startSeconds;
        Histogram intervalAll = new Histogram(SIGNIFICANT_DIGITS);
        long requests = 0;
        long responses = 0;
        long errors = 0;
        for (TypeStats stats : byType.values()) {
            IntervalStats interval = stats.closeInterval(startSeconds, endSeconds, length);
            intervalAll.add(stats.lastIntervalCorrected);
            allCorrected.add(stats.lastIntervalCorrected);
            allUncorrected.add(stats.lastIntervalUncorrected);
            requests += interval.requests();
            responses += interval.responses();
            errors += interval.errors();
        }
        IntervalStats all = new IntervalStats(startSeconds, endSeconds, targetRate, rate(responses, length),
                requests, responses, errors, LatencySummary.of(intervalAll));
        allIntervals.add(all);
        return all;
    }

    /** Corrected latency of all requests so far, in microseconds. */
    public synchronized Histogram correctedSoFar() {
        return allCorrected.copy();
    }

    public synchronized long errorsSoFar() {
        long errors = 0;
        for (TypeStats stats : byType.values()) {
            errors += stats.lastErrors;
        }
        return errors;
    }

    /** Totals over the closed intervals, all types together; achieved rate over {@code durationSeconds}. */
    public synchronized TypeReport overall(double durationSeconds) {
        long requests = 0;
        long responses = 0;
        Map<String, Long> errors = new TreeMap<>();
        for (TypeStats stats : byType.values()) {
            requests += stats.lastSent;
            responses += stats.lastResponses;
            stats.errorsByKind().forEach((kind, count) -> errors.merge(kind, count, Long::sum));
        }
        long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
        return new TypeReport(requests, responses, errorCount, errors, rate(responses, durationSeconds),
                LatencySummary.of(allCorrected), LatencySummary.of(allUncorrected), List.copyOf(allIntervals));
    }

    public synchronized Map<String, TypeReport> perType(double durationSeconds) {
        Map<String, TypeReport> reports = new LinkedHashMap<>();
        byType.forEach((type, stats) -> reports.put(type, stats.report(durationSeconds)));
        return reports;
    }

    private static double rate(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0.0;
    }

    private static final class TypeStats {
        final Recorder corrected = new Recorder(SIGNIFICANT_DIGITS);
        final Recorder uncorrected = new Recorder(SIGNIFICANT_DIGITS);
        final LongAdder sent = new LongAdder();
        final LongAdder responses = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

        // Owned by the reporting thread.
        final Histogram totalCorrected = new Histogram(SIGNIFICANT_DIGITS);
        final Histogram totalUncorrected = new Histogram(SIGNIFICANT_DIGITS);
        Histogram lastIntervalCorrected;
        Histogram lastIntervalUncorrected;
        final List<IntervalStats> intervals = new ArrayList<>();
        long lastSent;
        long lastResponses;
        long lastErrors;

        void error(String kind) {
            errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }

        Map<String, Long> errorsByKind() {
            Map<String, Long> snapshot = new TreeMap<>();
            errors.forEach((kind, count) -> snapshot.put(kind, count.sum()));
            return snapshot;
        }

        IntervalStats closeInterval(double start, double end, double length) {
            // A response is recorded in the histogram before it is counted, so reading the counters before swapping
            // the histograms keeps every response counted here in this interval's histogram (or an earlier one).
            long sentNow = sent.sum();
            long responsesNow = responses.sum();
            long errorsNow = errors.values().stream().mapToLong(LongAdder::sum).sum();
            lastIntervalCorrected = corrected.getIntervalHistogram();
            lastIntervalUncorrected = uncorrected.getIntervalHistogram();
            totalCorrected.add(lastIntervalCorrected);
            totalUncorrected.add(lastIntervalUncorrected);
            IntervalStats interval = new IntervalStats(start, end, null, rate(responsesNow - lastResponses, length),
                    sentNow - lastSent, responsesNow - lastResponses, errorsNow - lastErrors,
                    LatencySummary.of(lastIntervalCorrected));
            lastSent = sentNow;
            lastResponses = responsesNow;
            lastErrors = errorsNow;
            intervals.add(interval);
            return interval;
        }

        TypeReport report(double durationSeconds) {
            Map<String, Long> byKind = errorsByKind();
            return new TypeReport(lastSent, lastResponses, byKind.values().stream().mapToLong(Long::longValue).sum(),
                    byKind, rate(lastResponses, durationSeconds), LatencySummary.of(totalCorrected),
                    LatencySummary.of(totalUncorrected), List.copyOf(intervals));
        }
    }
}
