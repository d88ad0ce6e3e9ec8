package io.queueflower.core.algorithm;

import io.queueflower.avro.ScalingDecision;
import java.util.SortedMap;

/**
 * HAB's: the bisection's φ after this window's step and the per-service inputs its pods are proportional to.
 *
 * @param phi               φ after this window's bisection step
 * @param arrivalRatePerSec service → λ[n]
 * @param serviceTimeMs     service → s[n], mean exclusive time over all flows
 */
public record HabExplanation(double phi, SortedMap<String, Double> arrivalRatePerSec,
                             SortedMap<String, Double> serviceTimeMs) implements Explanation {
    public HabExplanation {
        arrivalRatePerSec = FrozenMaps.of(arrivalRatePerSec);
        serviceTimeMs = FrozenMaps.of(serviceTimeMs);
    }

    @Override
    public void record(ScalingDecision.Builder decision) {
        decision.setPhi(phi);
    }
}
