package io.queueflower.core.algorithm;

import io.queueflower.avro.ScalingDecision;
import java.util.SortedMap;

/**
 * HPA's: the utilisation each service showed against its target, and what it was computed from.
 *
 * @param arrivalRatePerSec service → λ[n]
 * @param serviceTimeMs     service → s[n], mean exclusive time over all flows
 * @param utilization       service → u[n] at its current replicas
 */
public record HpaExplanation(SortedMap<String, Double> arrivalRatePerSec, SortedMap<String, Double> serviceTimeMs,
                             SortedMap<String, Double> utilization) implements Explanation {
    public HpaExplanation {
        arrivalRatePerSec = FrozenMaps.of(arrivalRatePerSec);
        serviceTimeMs = FrozenMaps.of(serviceTimeMs);
        utilization = FrozenMaps.of(utilization);
    }

    @Override
    public void record(ScalingDecision.Builder decision) {
        // qf.decisions has no field for utilisation; it is in the decision for reports and tests.
    }
}
