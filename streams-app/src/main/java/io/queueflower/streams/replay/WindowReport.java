package io.queueflower.streams.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.queueflower.avro.FlowStats;
import io.queueflower.avro.ScalingDecision;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What replay reports for one closed window: one JSON object per line, with exactly these keys. It is the
 * {@link ScalingDecision} the live app would have written to qf.decisions, reduced to what explains the targets.
 *
 * @param windowStart   window start, epoch ms (inclusive)
 * @param windowEnd     window end, epoch ms (exclusive)
 * @param flows         flow → end-to-end figures
 * @param queues        service → flow → q[n][f] (ms for the reference estimator, requests for Little's law)
 * @param serviceQueue  service → q[n]
 * @param tail          service → flow → t[n][f], ms
 * @param avgViolation  service → avevio[n]
 * @param tailViolation service → tailvio[n]
 * @param blocking      service → b[n]
 * @param replicas      Deployment → replica target
 * @param algorithm     queueflower, hab, hpa or static
 * @param variant       QueueFlower variant, null for the other algorithms
 * @param estimator     QueueFlower queue estimator, null for the other algorithms
 */
@JsonPropertyOrder({"windowStart", "windowEnd", "flows", "queues", "serviceQueue", "tail", "avgViolation",
        "tailViolation", "blocking", "replicas", "algorithm", "variant", "estimator"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WindowReport(
        long windowStart,
        long windowEnd,
        SortedMap<String, Flow> flows,
        SortedMap<String, SortedMap<String, Double>> queues,
        SortedMap<String, Double> serviceQueue,
        SortedMap<String, SortedMap<String, Double>> tail,
        SortedMap<String, Double> avgViolation,
        SortedMap<String, Double> tailViolation,
        SortedMap<String, Double> blocking,
        SortedMap<String, Integer> replicas,
        String algorithm,
        String variant,
        String estimator) {

    /** End-to-end figures of one flow in the window (error-free traces; errors counted apart). */
    @JsonPropertyOrder({"traces", "meanMs", "p90Ms", "p99Ms", "errors"})
    public record Flow(long traces, double meanMs, double p90Ms, double p99Ms, long errors) {
    }

    public WindowReport {
        flows = frozen(flows);
        queues = frozenNested(queues);
        serviceQueue = frozen(serviceQueue);
        tail = frozenNested(tail);
        avgViolation = frozen(avgViolation);
        tailViolation = frozen(tailViolation);
        blocking = frozen(blocking);
        replicas = frozen(replicas);
    }

    /** The report of a decision read from qf.decisions; maps come out sorted by key, so equal runs print equal lines. */
    public static WindowReport of(ScalingDecision decision) {
        TreeMap<String, Flow> flows = new TreeMap<>();
        for (Map.Entry<String, FlowStats> e : decision.getFlows().entrySet()) {
            FlowStats stats = e.getValue();
            flows.put(e.getKey(), new Flow(stats.getTraces(), stats.getMeanMs(), stats.getP90Ms(), stats.getP99Ms(),
                    stats.getErrors()));
        }
        return new WindowReport(decision.getWindowStart(), decision.getWindowEnd(), flows,
                nested(decision.getQueues()), new TreeMap<>(decision.getServiceQueue()), nested(decision.getTail()),
                new TreeMap<>(decision.getAvgViolation()), new TreeMap<>(decision.getTailViolation()),
                new TreeMap<>(decision.getBlocking()), new TreeMap<>(decision.getTargets()), decision.getAlgorithm(),
                decision.getVariant(), decision.getEstimator());
    }

    private static SortedMap<String, SortedMap<String, Double>> nested(Map<String, Map<String, Double>> map) {
        TreeMap<String, SortedMap<String, Double>> copy = new TreeMap<>();
        map.forEach((key, inner) -> copy.put(key, new TreeMap<>(inner)));
        return copy;
    }

    private static <V> SortedMap<String, V> frozen(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map == null ? Map.of() : map));
    }

    private static SortedMap<String, SortedMap<String, Double>> frozenNested(
            Map<String, ? extends Map<String, Double>> map) {
        TreeMap<String, SortedMap<String, Double>> copy = new TreeMap<>();
        if (map != null) {
            map.forEach((key, inner) -> copy.put(key, frozen(inner)));
        }
        return Collections.unmodifiableSortedMap(copy);
    }
}
