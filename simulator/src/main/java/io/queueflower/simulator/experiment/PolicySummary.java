package io.queueflower.simulator.experiment;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * One policy on one workload over all seeds.
 *
 * @param policy      policy name
 * @param runs        the runs, by seed
 * @param flows       flow → figures over seeds
 * @param all         all requests together, over seeds
 * @param podSeconds  pod-seconds over seeds
 * @param scaleActions scale actions over seeds
 */
public record PolicySummary(String policy, List<RunResult> runs, SortedMap<String, FlowEstimate> flows,
                            FlowEstimate all, MeanWithCi podSeconds, MeanWithCi scaleActions) {

    /** A flow's figures as estimates over seeds. */
    public record FlowEstimate(MeanWithCi meanMs, MeanWithCi p50Ms, MeanWithCi p90Ms, MeanWithCi p99Ms,
                               MeanWithCi slaViolationPercent, MeanWithCi errorPercent) {
        static FlowEstimate of(List<FlowResult> results) {
            return new FlowEstimate(est(results, FlowResult::meanMs), est(results, FlowResult::p50Ms),
                    est(results, FlowResult::p90Ms), est(results, FlowResult::p99Ms),
                    est(results, FlowResult::slaViolationPercent),
                    est(results, r -> r.requests() == 0 ? 0 : 100.0 * r.errors() / r.requests()));
        }
    }

    public static PolicySummary of(String policy, List<RunResult> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("policy " + policy + " has no run");
        }
        TreeMap<String, FlowEstimate> flows = new TreeMap<>();
        for (String flow : runs.get(0).flows().keySet()) {
            flows.put(flow, FlowEstimate.of(runs.stream().map(r -> r.flows().get(flow)).toList()));
        }
        return new PolicySummary(policy, List.copyOf(runs), flows,
                FlowEstimate.of(runs.stream().map(RunResult::all).toList()),
                est(runs, RunResult::podSeconds), est(runs, r -> r.scaleActions()));
    }

    private static <T> MeanWithCi est(List<T> items, ToDoubleFunction<T> value) {
        return MeanWithCi.of(items.stream().mapToDouble(value).toArray());
    }
}
