package io.queueflower.core.algorithm;

import io.queueflower.avro.ScalingDecision;
import java.util.LinkedHashMap;
import java.util.SortedMap;

/**
 * The balanced QueueFlower's reasoning: the queues it read, the offered load and utilisation it planned with, the
 * share of the pool each service ended with, and each service's target in words.
 *
 * @param queues            service → flow → requests in system (Little's law)
 * @param serviceQueue      service → Σ_f of those
 * @param share             service → its share of the pods beyond the base replicas
 * @param arrivalRatePerSec service → λ[n]
 * @param serviceTimeMs     service → s[n], mean exclusive time over all flows
 * @param utilization       service → predicted utilisation at its target
 * @param reasons           service → why it got its target
 */
public record BalancedExplanation(
        SortedMap<String, SortedMap<String, Double>> queues,
        SortedMap<String, Double> serviceQueue,
        SortedMap<String, Double> share,
        SortedMap<String, Double> arrivalRatePerSec,
        SortedMap<String, Double> serviceTimeMs,
        SortedMap<String, Double> utilization,
        SortedMap<String, String> reasons) implements Explanation {

    public BalancedExplanation {
        queues = FrozenMaps.nested(queues);
        serviceQueue = FrozenMaps.of(serviceQueue);
        share = FrozenMaps.of(share);
        arrivalRatePerSec = FrozenMaps.of(arrivalRatePerSec);
        serviceTimeMs = FrozenMaps.of(serviceTimeMs);
        utilization = FrozenMaps.of(utilization);
        reasons = FrozenMaps.of(reasons);
    }

    @Override
    public String variant() {
        return Variant.BALANCED.configName();
    }

    @Override
    public String estimator() {
        return Estimator.LITTLES_LAW.configName();
    }

    @Override
    public void record(ScalingDecision.Builder decision) {
        decision.setQueues(FrozenMaps.mutableNested(queues))
                .setServiceQueue(new LinkedHashMap<>(serviceQueue))
                .setBlocking(new LinkedHashMap<>(share))
                .setReasons(new LinkedHashMap<>(reasons));
    }
}
