package io.queueflower.core.algorithm;

import io.queueflower.core.estimate.WindowSnapshot;
import java.util.Map;

/**
 * Turns one closed window into replica targets. Implementations are pure: the same window, replicas and state give
 * the same decision (the random leftover rule draws from the configured seed).
 */
public interface ScalingAlgorithm {
    /**
     * Decides the replicas for the services of the window and of {@code currentReplicas}, minus the excluded ones.
     *
     * @param window          statistics of the closed window
     * @param currentReplicas service → replicas now (services may be missing: they count as having the base replicas)
     * @param state           the state returned by the previous decision, or {@link AlgorithmState#NONE}
     */
    AlgorithmDecision decide(WindowSnapshot window, Map<String, Integer> currentReplicas, AlgorithmState state);
}
