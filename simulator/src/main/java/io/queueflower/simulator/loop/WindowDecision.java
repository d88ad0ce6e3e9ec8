package io.queueflower.simulator.loop;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.core.algorithm.AlgorithmDecision;
import java.util.SortedMap;

/**
 * What the closed loop did when one window closed.
 *
 * @param windowStartMs   window start, epoch ms
 * @param windowEndMs     window end, epoch ms
 * @param closedAtSeconds simulated time of the close (window end + grace), when the targets were applied
 * @param traces          traces summarised into the window
 * @param replicasBefore  service → desired replicas the algorithm was given
 * @param decision        the algorithm's decision
 * @param record          the decision as published on qf.decisions (created-at = the simulated close time)
 * @param changes         Deployments whose replicas the decision changed
 */
public record WindowDecision(long windowStartMs, long windowEndMs, double closedAtSeconds, long traces,
                             SortedMap<String, Integer> replicasBefore, AlgorithmDecision decision, ScalingDecision record,
                             int changes) {
}
