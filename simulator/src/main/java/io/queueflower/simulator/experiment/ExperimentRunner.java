package io.queueflower.simulator.experiment;

import io.queueflower.simulator.engine.Simulation;
import io.queueflower.simulator.engine.SimulationSettings;
import io.queueflower.simulator.loop.InProcessLoop;
import java.util.Map;
import java.util.TreeSet;

/** Runs one (workload, policy, seed): the simulation, the closed loop for dynamic policies, the measurements. */
public final class ExperimentRunner {
    private final ExperimentSettings settings;

    public ExperimentRunner(ExperimentSettings settings) {
        this.settings = settings;
    }

    public ExperimentSettings settings() {
        return settings;
    }

    public RunResult run(ExperimentWorkload workload, Policy policy, long seed) {
        double end = workload.durationSeconds();
        if (settings.warmupSeconds() >= end) {
            throw new IllegalArgumentException("warm-up " + settings.warmupSeconds() + " s leaves nothing of the "
                    + end + " s of workload " + workload.name());
        }
        Map<String, Integer> initial = policy instanceof Policy.StaticPolicy fixed ? fixed.replicas()
                : settings.model().initialReplicas();
        SimulationSettings options = SimulationSettings.defaults(seed)
                .withActuationDelay(settings.actuationDelaySeconds())
                .withSpans(policy instanceof Policy.ClosedLoopPolicy)
                .withInitialReplicas(initial);
        MetricsRecorder recorder = new MetricsRecorder(settings.model(), settings.warmupSeconds(), end,
                settings.bucketSeconds());
        Simulation simulation = new Simulation(settings.model(), workload.arrivals(), options, recorder);
        InProcessLoop loop = policy instanceof Policy.ClosedLoopPolicy dynamic
                ? new InProcessLoop(simulation, dynamic.config(), settings.loop(), decision -> { })
                : null;
        io.queueflower.simulator.hpa.ClusterHpa hpa = policy instanceof Policy.ClusterHpaPolicy cluster
                ? io.queueflower.simulator.hpa.ClusterHpa.kubernetesDefaults(cluster.params()) : null;

        TreeSet<Double> stops = new TreeSet<>();
        for (double t = 0; t < end; t += settings.bucketSeconds()) {
            stops.add(t);
        }
        stops.add(settings.warmupSeconds());
        stops.add(end);
        if (hpa != null) {
            for (double t = 0; t < end; t += hpa.syncSeconds()) {
                stops.add(t);
            }
        }
        for (double t : stops) {
            if (loop != null) {
                loop.runUntil(t);
            } else {
                simulation.runUntil(t);
            }
            if (hpa != null && Math.floorMod(Math.round(t * 1000), Math.round(hpa.syncSeconds() * 1000)) == 0) {
                if (t == 0) {
                    hpa.sample(simulation);
                } else {
                    hpa.sync(simulation);
                }
            }
            if (t == settings.warmupSeconds()) {
                recorder.markStart(simulation);
            }
            if (t == end) {
                recorder.markEnd(simulation);
            }
            if (t != end && Math.floorMod(Math.round(t * 1000), Math.round(settings.bucketSeconds() * 1000)) == 0) {
                recorder.sampleReplicas(simulation);
            }
        }
        simulation.drain(); // requests in flight at the end still count
        long scaleActions = loop != null ? loop.cluster().scaleActions() : hpa != null ? hpa.scaleActions() : 0;
        long late = loop == null ? 0 : loop.lateTraces();
        return recorder.result(workload.name(), policy.name(), seed, scaleActions, late);
    }

    /** Mean end-to-end latency of all measured requests of a static allocation, without spans (for the search). */
    public double meanLatencyMs(ExperimentWorkload workload, Map<String, Integer> replicas, long seed) {
        return run(workload, new Policy.StaticPolicy("candidate", new java.util.TreeMap<>(replicas)), seed).all().meanMs();
    }
}
