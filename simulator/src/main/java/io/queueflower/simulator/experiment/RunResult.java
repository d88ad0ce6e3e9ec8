package io.queueflower.simulator.experiment;

import java.util.List;
import java.util.SortedMap;

/**
 * One run: one workload, one policy, one seed.
 *
 * @param workload        workload name
 * @param policy          policy name
 * @param seed            simulation seed
 * @param flows           flow → figures
 * @param all             every measured request together
 * @param podSeconds      Σ over services of pod lifetime inside the measured interval (starting and draining pods
 *                        count: they hold their resources)
 * @param scaleActions    Deployment replica changes made by the policy
 * @param lateTraces      traces that completed after their window closed
 * @param saturatedPercent share of (service, window) pairs in the measured interval in which the service's servers
 *                        were busy 98 % of the time or more: starved below its load
 * @param bucketSeconds   length of the time-series buckets
 * @param latencyTimeline flow → mean latency (ms) of the requests that arrived in each bucket (NaN: none)
 * @param replicaTimeline service → desired replicas at the start of each bucket
 */
public record RunResult(String workload, String policy, long seed, SortedMap<String, FlowResult> flows, FlowResult all,
                        double podSeconds, long scaleActions, long lateTraces, double saturatedPercent,
                        double bucketSeconds,
                        SortedMap<String, List<Double>> latencyTimeline,
                        SortedMap<String, List<Integer>> replicaTimeline) {
}
