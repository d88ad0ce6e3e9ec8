package io.queueflower.core.algorithm;

/**
 * What an algorithm carries from one window to the next. Immutable: {@link ScalingAlgorithm#decide} takes the state
 * and returns the next one in its {@link AlgorithmDecision}; the Kafka layer stores it.
 */
public sealed interface AlgorithmState permits AlgorithmState.None, HabState, BalancedState {
    /** The state of stateless algorithms, and the start of every algorithm. */
    None NONE = new None();

    /** No state. */
    record None() implements AlgorithmState {
    }
}
