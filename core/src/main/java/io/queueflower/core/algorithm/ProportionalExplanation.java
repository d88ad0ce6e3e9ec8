package io.queueflower.core.algorithm;

import io.queueflower.avro.ScalingDecision;
import java.util.LinkedHashMap;
import java.util.SortedMap;

/**
 * The paper's QueueFlower ({@code prop}, {@code prop-sla}, {@code prop-sla2}): the per-service scores whose blend the
 * free pool was split by.
 *
 * @param variant       the variant that decided
 * @param estimator     the queue estimator
 * @param queues        service → flow → q[n][f] (ms for the reference estimator, requests for Little's law)
 * @param serviceQueue  service → q[n] = Σ_f q[n][f]
 * @param tail          service → flow → t[n][f], ms
 * @param avgViolation  service → avevio[n]
 * @param tailViolation service → tailvio[n]
 * @param blocking      service → b[n], the blended score the pool is split in proportion to
 */
public record ProportionalExplanation(
        String variant,
        String estimator,
        SortedMap<String, SortedMap<String, Double>> queues,
        SortedMap<String, Double> serviceQueue,
        SortedMap<String, SortedMap<String, Double>> tail,
        SortedMap<String, Double> avgViolation,
        SortedMap<String, Double> tailViolation,
        SortedMap<String, Double> blocking) implements Explanation {

    public ProportionalExplanation {
        queues = FrozenMaps.nested(queues);
        serviceQueue = FrozenMaps.of(serviceQueue);
        tail = FrozenMaps.nested(tail);
        avgViolation = FrozenMaps.of(avgViolation);
        tailViolation = FrozenMaps.of(tailViolation);
        blocking = FrozenMaps.of(blocking);
    }

    @Override
    public void record(ScalingDecision.Builder decision) {
        decision.setQueues(FrozenMaps.mutableNested(queues))
                .setServiceQueue(new LinkedHashMap<>(serviceQueue))
                .setTail(FrozenMaps.mutableNested(tail))
                .setAvgViolation(new LinkedHashMap<>(avgViolation))
                .setTailViolation(new LinkedHashMap<>(tailViolation))
                .setBlocking(new LinkedHashMap<>(blocking));
    }
}
