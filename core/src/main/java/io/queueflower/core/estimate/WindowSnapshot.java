package io.queueflower.core.estimate;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the scaling algorithms know about one closed window: the immutable algorithm input.
 *
 * @param windowStartMs     window start, epoch ms (inclusive)
 * @param windowEndMs       window end, epoch ms (exclusive)
 * @param exactValues       true when tails and flow percentiles come from the exact samples (reference parity)
 * @param pairs             service → flow → statistics, for the pairs that had error-free traces
 * @param flows             flow → end-to-end figures
 * @param tracesWithoutFlow traces without a root span (so without a flow), left out of everything
 */
public record WindowSnapshot(
        long windowStartMs,
        long windowEndMs,
        boolean exactValues,
        SortedMap<String, SortedMap<String, ServiceFlowStats>> pairs,
        SortedMap<String, FlowWindowStats> flows,
        long tracesWithoutFlow) {

    public WindowSnapshot {
        if (windowEndMs <= windowStartMs) {
            throw new IllegalArgumentException("window end " + windowEndMs + " must be after its start " + windowStartMs);
        }
        TreeMap<String, SortedMap<String, ServiceFlowStats>> copy = new TreeMap<>();
        Objects.requireNonNull(pairs, "pairs").forEach((service, byFlow) -> {
            TreeMap<String, ServiceFlowStats> row = new TreeMap<>();
            byFlow.forEach((flow, stats) -> {
                if (!stats.service().equals(service) || !stats.flow().equals(flow)) {
                    throw new IllegalArgumentException("statistics of " + stats.service() + "/" + stats.flow()
                            + " filed under " + service + "/" + flow);
                }
                row.put(flow, stats);
            });
            if (!row.isEmpty()) {
                copy.put(service, Collections.unmodifiableSortedMap(row));
            }
        });
        pairs = Collections.unmodifiableSortedMap(copy);
        flows = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(flows, "flows")));
    }

    /** A snapshot from loose statistics (tests, replays). */
    public static WindowSnapshot of(long windowStartMs, long windowEndMs, boolean exactValues,
                                    Collection<ServiceFlowStats> pairs, Collection<FlowWindowStats> flows) {
        TreeMap<String, SortedMap<String, ServiceFlowStats>> byService = new TreeMap<>();
        for (ServiceFlowStats stats : pairs) {
            if (byService.computeIfAbsent(stats.service(), s -> new TreeMap<>()).put(stats.flow(), stats) != null) {
                throw new IllegalArgumentException("two statistics for " + stats.service() + "/" + stats.flow());
            }
        }
        TreeMap<String, FlowWindowStats> byFlow = new TreeMap<>();
        for (FlowWindowStats stats : flows) {
            if (byFlow.put(stats.flow(), stats) != null) {
                throw new IllegalArgumentException("two statistics for flow " + stats.flow());
            }
        }
        return new WindowSnapshot(windowStartMs, windowEndMs, exactValues, byService, byFlow, 0);
    }

    /** Window length in seconds. */
    public double windowSeconds() {
        return (windowEndMs - windowStartMs) / 1000.0;
    }

    /** Per service, all flows together. */
    public SortedMap<String, ServiceStats> services() {
        TreeMap<String, ServiceStats> services = new TreeMap<>();
        pairs.forEach((service, byFlow) -> {
            long traces = 0;
            double weighted = 0;
            for (ServiceFlowStats stats : byFlow.values()) {
                traces += stats.traces();
                weighted += stats.traces() * stats.exclusiveMeanMs();
            }
            services.put(service, new ServiceStats(service, traces, traces / windowSeconds(), weighted / traces));
        });
        return Collections.unmodifiableSortedMap(services);
    }

    /** Statistics of a pair, or null when the service did not appear in the flow. */
    public ServiceFlowStats pair(String service, String flow) {
        Map<String, ServiceFlowStats> row = pairs.get(service);
        return row == null ? null : row.get(flow);
    }
}
