package io.queueflower.core.estimate;

import io.queueflower.avro.TraceSummary;
import io.queueflower.core.sla.SlaTable;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Aggregates the trace summaries of one window per (service, flow) and per flow, and yields the {@link WindowSnapshot}.
 *
 * <p>Rules: a trace without a flow (no root span) counts only in {@code tracesWithoutFlow}; an error trace (root error
 * or non-2xx) counts only in its flow's {@code errors}; every other trace, complete or not, feeds its flow's end-to-end
 * figures and, for each service in its exclusive-time map (per {@link ExclusiveTimeMode}), that (service, flow) pair.
 * So a pair's mean is the mean over the flow's traces in which the service appears, as the reference's column means
 * skip the traces where the service is absent (NaN).
 *
 * <p>Mutable on purpose: a window's traces are added one by one (in any order: the results do not depend on it) and
 * the snapshot is taken once, at close.
 *
 * <p>Memory: each pair and flow keeps an HdrHistogram sketch (a few KiB, see {@link LatencySketch}). With
 * {@code keepExactValues} (needed for the reference tail, which takes pandas' interpolated quantile of the exact
 * sample) it also keeps every value: 8 bytes per (trace, service) plus 8 per trace for the end-to-end latency, e.g.
 * 1,000 traces/s over a 90 s window touching 8 services ≈ 6.5 MB. Without it, tails, flow percentiles and SLA violation
 * counts come from the sketches, within their precision, in bounded memory.
 */
public final class WindowAccumulator {
    /** The tail quantile of the reference ({@code calculate_tail(..., quant=0.9)}). */
    public static final double TAIL_QUANTILE = 0.9;

    private final long windowStartMs;
    private final long windowEndMs;
    private final ExclusiveTimeMode mode;
    private final boolean keepExactValues;
    private final TreeMap<String, FlowCell> flows = new TreeMap<>();
    private final TreeMap<String, TreeMap<String, Cell>> pairs = new TreeMap<>();
    private long tracesWithoutFlow;

    public WindowAccumulator(long windowStartMs, long windowEndMs, ExclusiveTimeMode mode, boolean keepExactValues) {
        if (windowEndMs <= windowStartMs) {
            throw new IllegalArgumentException("window end " + windowEndMs + " must be after its start " + windowStartMs);
        }
        this.windowStartMs = windowStartMs;
        this.windowEndMs = windowEndMs;
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        this.keepExactValues = keepExactValues;
    }

    public long windowStartMs() {
        return windowStartMs;
    }

    public long windowEndMs() {
        return windowEndMs;
    }

    public ExclusiveTimeMode mode() {
        return mode;
    }

    public boolean keepsExactValues() {
        return keepExactValues;
    }

    /** Adds one trace summary. */
    public WindowAccumulator add(TraceSummary trace) {
        String flow = trace.getFlow();
        if (flow == null) {
            tracesWithoutFlow++;
            return this;
        }
        FlowCell flowCell = flows.computeIfAbsent(flow, f -> new FlowCell(keepExactValues));
        if (trace.getError()) {
            flowCell.errors++;
            return this;
        }
        if (!trace.getComplete()) {
            flowCell.incomplete++;
        }
        flowCell.latency.record(trace.getEndToEndMicros());
        for (Map.Entry<String, Long> exclusive : mode.exclusiveMicros(trace).entrySet()) {
            pairs.computeIfAbsent(exclusive.getKey(), s -> new TreeMap<>())
                    .computeIfAbsent(flow, f -> new Cell(keepExactValues))
                    .record(exclusive.getValue());
        }
        return this;
    }

    /**
     * The window's statistics.
     *
     * @param averageSla average SLAs, for the flows' violation counts
     * @param tailSla    tail SLAs, likewise
     */
    public WindowSnapshot snapshot(SlaTable averageSla, SlaTable tailSla) {
        double seconds = (windowEndMs - windowStartMs) / 1000.0;
        TreeMap<String, SortedMap<String, ServiceFlowStats>> services = new TreeMap<>();
        pairs.forEach((service, byFlow) -> {
            TreeMap<String, ServiceFlowStats> row = new TreeMap<>();
            byFlow.forEach((flow, cell) -> {
                double approxTail = cell.sketch.tailMeanMicros(TAIL_QUANTILE * 100) / 1000.0;
                double tail = keepExactValues ? Quantiles.tailMean(cell.exact.sorted(), TAIL_QUANTILE) / 1000.0 : approxTail;
                row.put(flow, new ServiceFlowStats(service, flow, cell.count, cell.count / seconds,
                        cell.sumMicros / (double) cell.count / 1000.0,
                        cell.sketch.valueAtPercentileMicros(50) / 1000.0,
                        cell.sketch.valueAtPercentileMicros(90) / 1000.0,
                        cell.sketch.valueAtPercentileMicros(99) / 1000.0,
                        tail, approxTail));
            });
            services.put(service, row);
        });
        TreeMap<String, FlowWindowStats> flowStats = new TreeMap<>();
        flows.forEach((flow, cell) -> flowStats.put(flow, cell.stats(flow, keepExactValues,
                averageSla.strictestForFlow(flow), tailSla.strictestForFlow(flow))));
        return new WindowSnapshot(windowStartMs, windowEndMs, keepExactValues, services, flowStats, tracesWithoutFlow);
    }

    /** Count, exact sum, sketch and optionally every value of one series in µs. */
    private static final class Cell {
        long count;
        long sumMicros;
        LatencySketch sketch = new LatencySketch();
        final ExactValues exact;

        Cell(boolean keepExact) {
            exact = keepExact ? new ExactValues() : null;
        }

        void record(long micros) {
            count++;
            sumMicros += micros;
            sketch.record(micros);
            if (exact != null) {
                exact.add(micros);
            }
        }
    }

    private static final class FlowCell {
        long errors;
        long incomplete;
        final Cell latency;

        FlowCell(boolean keepExact) {
            latency = new Cell(keepExact);
        }

        FlowWindowStats stats(String flow, boolean exactValues, OptionalDouble averageSlaMs, OptionalDouble tailSlaMs) {
            long traces = latency.count;
            if (traces == 0) {
                return new FlowWindowStats(flow, 0, errors, incomplete, 0, 0, 0, 0, 0);
            }
            double mean = latency.sumMicros / (double) traces / 1000.0;
            double p90;
            double p99;
            long averageViolations;
            long tailViolations;
            if (exactValues) {
                long[] sorted = latency.exact.sorted();
                p90 = Quantiles.linear(sorted, 0.90) / 1000.0;
                p99 = Quantiles.linear(sorted, 0.99) / 1000.0;
                averageViolations = countAbove(sorted, averageSlaMs);
                tailViolations = countAbove(sorted, tailSlaMs);
            } else {
                p90 = latency.sketch.valueAtPercentileMicros(90) / 1000.0;
                p99 = latency.sketch.valueAtPercentileMicros(99) / 1000.0;
                averageViolations = averageSlaMs.isPresent() ? latency.sketch.countAbove(toMicrosFloor(averageSlaMs)) : 0;
                tailViolations = tailSlaMs.isPresent() ? latency.sketch.countAbove(toMicrosFloor(tailSlaMs)) : 0;
            }
            return new FlowWindowStats(flow, traces, errors, incomplete, mean, p90, p99, averageViolations, tailViolations);
        }

        private static long toMicrosFloor(OptionalDouble ms) {
            return (long) Math.floor(ms.getAsDouble() * 1000.0);
        }

        private static long countAbove(long[] sorted, OptionalDouble slaMs) {
            if (slaMs.isEmpty()) {
                return 0;
            }
            double limitMicros = slaMs.getAsDouble() * 1000.0;
            long count = 0;
            for (int i = sorted.length - 1; i >= 0 && sorted[i] > limitMicros; i--) {
                count++;
            }
            return count;
        }
    }
}
