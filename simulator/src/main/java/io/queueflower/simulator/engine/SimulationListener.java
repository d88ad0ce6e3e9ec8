package io.queueflower.simulator.engine;

/** Receives what a simulation produces, on the simulation's thread, in simulated-time order. */
public interface SimulationListener {
    /** A request's root service answered. */
    void requestCompleted(CompletedRequest request);

    /** A listener that ignores everything. */
    SimulationListener NONE = request -> { };
}
