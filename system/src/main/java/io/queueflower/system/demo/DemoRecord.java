package io.queueflower.system.demo;

import io.queueflower.core.time.TumblingWindows;
import io.queueflower.simulator.engine.CompletedRequest;
import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.FlowModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What the demo saw, for its tables, summary and report: every completed request's true end-to-end latency (from the
 * simulator, so the figures do not depend on the pipeline being measured) bucketed into the streams app's windows,
 * and the replicas of every service after each change. Written by the simulation and the scaler threads, read by
 * the printer, hence synchronized.
 */
final class DemoRecord {
    /** Latency of one flow in one window; violations count requests slower than the flow's tail SLA. */
    record FlowWindow(long requests, double p50Ms, double p90Ms, double p99Ms, double meanMs, long violations) {
    }

    /** The replicas of every service from {@code simSeconds} on. */
    record ReplicaSample(double simSeconds, SortedMap<String, Integer> replicas) {
    }

    private static final long MAX_LATENCY_MICROS = 3_600_000_000L;

    private final long windowMs;
    private final long epochMs;
    private final Map<String, Double> tailSlaMs = new TreeMap<>();
    private final TreeMap<Long, Map<String, Histogram>> windows = new TreeMap<>();
    private final Map<String, Histogram> totals = new TreeMap<>();
    private final Map<String, Long> violations = new TreeMap<>();
    private final TreeMap<Long, Map<String, Long>> windowViolations = new TreeMap<>();
    private final List<ReplicaSample> replicaHistory = new ArrayList<>();
    private long decisionsApplied;
    private long scaleActions;

    /**
     * @param epochMs epoch time of simulated time 0, to place requests in the streams app's epoch-aligned windows
     */
    DemoRecord(AppModel model, long windowMs, long epochMs) {
        this.windowMs = windowMs;
        this.epochMs = epochMs;
        for (FlowModel flow : model.flows()) {
            OptionalDouble tail = flow.tailSlaMs();
            if (tail.isPresent()) {
                tailSlaMs.put(flow.name(), tail.getAsDouble());
            }
        }
    }

    long windowMs() {
        return windowMs;
    }

    /** Simulated seconds at an epoch time in ms. */
    double simSeconds(long epochMillis) {
        return (epochMillis - epochMs) / 1000.0;
    }

    synchronized void completed(CompletedRequest request) {
        long startMs = epochMs + Math.round(request.startSeconds() * 1000);
        long window = new TumblingWindows(windowMs, 0).start(startMs);
        long micros = Math.max(1, Math.min(MAX_LATENCY_MICROS, Math.round(request.latencySeconds() * 1e6)));
        windows.computeIfAbsent(window, w -> new TreeMap<>()).computeIfAbsent(request.flow(), f -> histogram())
                .recordValue(micros);
        totals.computeIfAbsent(request.flow(), f -> histogram()).recordValue(micros);
        Double sla = tailSlaMs.get(request.flow());
        if (sla != null && request.latencySeconds() * 1000 > sla) {
            violations.merge(request.flow(), 1L, Long::sum);
            windowViolations.computeIfAbsent(window, w -> new TreeMap<>()).merge(request.flow(), 1L, Long::sum);
        }
    }

    /** Flow → latency of the requests that started in the window beginning at {@code windowStartMs}. */
    synchronized SortedMap<String, FlowWindow> window(long windowStartMs) {
        TreeMap<String, FlowWindow> result = new TreeMap<>();
        Map<String, Long> viol = windowViolations.getOrDefault(windowStartMs, Map.of());
        windows.getOrDefault(windowStartMs, Map.of()).forEach((flow, h) ->
                result.put(flow, summary(h, viol.getOrDefault(flow, 0L))));
        return result;
    }

    /** Window start (epoch ms) → flow → latency, for every window with requests. */
    synchronized SortedMap<Long, SortedMap<String, FlowWindow>> windows() {
        TreeMap<Long, SortedMap<String, FlowWindow>> result = new TreeMap<>();
        windows.keySet().forEach(w -> result.put(w, window(w)));
        return result;
    }

    synchronized SortedMap<String, FlowWindow> totals() {
        TreeMap<String, FlowWindow> result = new TreeMap<>();
        totals.forEach((flow, h) -> result.put(flow, summary(h, violations.getOrDefault(flow, 0L))));
        return result;
    }

    synchronized Map<String, Double> tailSlaMs() {
        return new LinkedHashMap<>(tailSlaMs);
    }

    synchronized void replicas(double simSeconds, SortedMap<String, Integer> replicas) {
        replicaHistory.add(new ReplicaSample(simSeconds, new TreeMap<>(replicas)));
    }

    synchronized List<ReplicaSample> replicaHistory() {
        return List.copyOf(replicaHistory);
    }

    synchronized void decisionApplied(int changedDeployments) {
        decisionsApplied++;
        scaleActions += changedDeployments;
    }

    synchronized long decisionsApplied() {
        return decisionsApplied;
    }

    synchronized long scaleActions() {
        return scaleActions;
    }

    private static Histogram histogram() {
        return new Histogram(MAX_LATENCY_MICROS, 3);
    }

    private static FlowWindow summary(Histogram h, long violations) {
        return new FlowWindow(h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMean() / 1000.0,
                violations);
    }
}
