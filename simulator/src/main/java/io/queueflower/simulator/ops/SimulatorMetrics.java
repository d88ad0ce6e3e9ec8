package io.queueflower.simulator.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.queueflower.simulator.cluster.SimulatedDeployments;
import io.queueflower.simulator.engine.CompletedRequest;
import io.queueflower.simulator.export.TraceSink;
import io.queueflower.simulator.follow.KafkaDecisionFollower;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The simulator's Prometheus metrics, so a long real-time run (compose's load, a soak test) can be watched like the
 * apps it feeds: requests and errors per flow, end-to-end latency per flow (what the simulated users saw), span
 * records produced, simulated time, per service desired and ready replicas and requests queued, and — when it
 * follows decisions — decisions applied, replica changes and unreadable decisions.
 */
public final class SimulatorMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();

    public SimulatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Called on the simulation's thread for every finished request. */
    public void completed(CompletedRequest request) {
        requests.computeIfAbsent(request.flow(), f -> Counter.builder("qf.sim.requests")
                .description("Requests completed, per flow").tag("flow", f).register(registry)).increment();
        if (request.error()) {
            errors.computeIfAbsent(request.flow(), f -> Counter.builder("qf.sim.request.errors")
                    .description("Requests that ended in an error, per flow").tag("flow", f).register(registry))
                    .increment();
        }
        latency.computeIfAbsent(request.flow(), f -> Timer.builder("qf.sim.request.latency")
                        .description("End-to-end latency of completed requests, per flow (simulated time)")
                        .tag("flow", f).publishPercentiles(0.5, 0.9, 0.99).register(registry))
                .record(Duration.ofNanos(Math.round(request.latencySeconds() * 1e9)));
    }

    /** Gauges read under the cluster's lock, as the simulation is single-threaded. */
    public void bind(SimulatedDeployments cluster, TraceSink sink) {
        FunctionCounter.builder("qf.sim.span.records", sink, TraceSink::records)
                .description("Span records written to the topic or file").register(registry);
        Gauge.builder("qf.sim.time", cluster, c -> locked(c, d -> d.simulation().now()))
                .description("Simulated time reached").baseUnit("seconds").register(registry);
        for (String service : cluster.simulation().services()) {
            Gauge.builder("qf.sim.replicas", cluster, c -> locked(c, d -> d.simulation().replicas(service)))
                    .description("Desired replicas per simulated service").tag("service", service).register(registry);
            Gauge.builder("qf.sim.replicas.ready", cluster,
                            c -> locked(c, d -> d.simulation().readyReplicas(service)))
                    .description("Ready replicas per simulated service").tag("service", service).register(registry);
            Gauge.builder("qf.sim.queued", cluster, c -> locked(c, d -> d.simulation().queued(service)))
                    .description("Requests waiting for a pod, per simulated service").tag("service", service)
                    .register(registry);
        }
    }

    public void bind(KafkaDecisionFollower follower) {
        FunctionCounter.builder("qf.sim.decisions.applied", follower, KafkaDecisionFollower::decisionsApplied)
                .description("Decisions from qf.decisions applied to the simulated cluster").register(registry);
        FunctionCounter.builder("qf.sim.scale.actions", follower, KafkaDecisionFollower::scaleActions)
                .description("Deployment replica changes made by applied decisions").register(registry);
        FunctionCounter.builder("qf.sim.decision.errors", follower, KafkaDecisionFollower::errors)
                .description("Decision records skipped as unreadable or inconsistent").register(registry);
    }

    private static double locked(SimulatedDeployments cluster, ToDoubleFunction<SimulatedDeployments> read) {
        synchronized (cluster) {
            return read.applyAsDouble(cluster);
        }
    }
}
