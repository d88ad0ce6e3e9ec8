package io.queueflower.simulator.hpa;

import io.queueflower.core.algorithm.Hpa;
import io.queueflower.core.algorithm.HpaSettings;
import io.queueflower.simulator.engine.Simulation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Kubernetes HorizontalPodAutoscaler on CPU utilisation, as the cluster runs it, for the experiments' baseline:
 * not the trace-estimated rule of the streams app's {@code hpa} algorithm, but the controller users actually compare
 * against, fed by what a metrics server measures.
 *
 * <p>What it does, after the Kubernetes documentation (horizontal-pod-autoscale, "Algorithm details" and "Support
 * for configurable scaling behavior"), every {@code syncSeconds} (the controller manager's
 * {@code --horizontal-pod-autoscaler-sync-period}, 15 s):
 * <ul>
 *   <li>utilisation = CPU-seconds the service's pods used over the last {@code metricWindowSeconds} (the metrics
 *   server's window) divided by that time, its ready pods and their concurrency (one busy server = one core at its
 *   request; the pods' concurrency is the model's, as a Kubernetes HPA knows the CPU it requested);</li>
 *   <li>desired = ceil(current · utilisation / target), unchanged while |utilisation/target − 1| ≤ tolerance
 *   ({@link Hpa#desiredReplicas}, the same arithmetic as the streams app's rule);</li>
 *   <li>scale-up at most max(100 %, 4 pods) per period (the default scale-up policies);</li>
 *   <li>scale-down stabilisation: the highest recommendation of the last {@code stabilisationSeconds} (300 s by
 *   default);</li>
 *   <li>at least {@code minReplicas}, at most {@code maxReplicas}; no pod budget.</li>
 * </ul>
 */
public final class ClusterHpa {
    private record Recommendation(double at, int replicas) {
    }

    private final HpaSettings params;
    private final double syncSeconds;
    private final double metricWindowSeconds;
    private final double stabilisationSeconds;
    private final int maxReplicas;
    private final Map<String, java.util.ArrayList<double[]>> samples = new HashMap<>(); // service → {time, busy s}
    private final Map<String, Deque<Recommendation>> recommendations = new HashMap<>();
    private long scaleActions;

    public ClusterHpa(HpaSettings params, double syncSeconds, double metricWindowSeconds, double stabilisationSeconds,
                      int maxReplicas) {
        this.params = Objects.requireNonNull(params, "params");
        if (!(syncSeconds > 0) || !(metricWindowSeconds > 0) || !(stabilisationSeconds >= 0) || maxReplicas < 1) {
            throw new IllegalArgumentException("HPA needs sync and metric window > 0 s, stabilisation >= 0 s and"
                    + " max replicas >= 1");
        }
        this.syncSeconds = syncSeconds;
        this.metricWindowSeconds = metricWindowSeconds;
        this.stabilisationSeconds = stabilisationSeconds;
        this.maxReplicas = maxReplicas;
    }

    /** Kubernetes' defaults: 15 s sync, a 30 s metric window, 300 s scale-down stabilisation, at most 100 pods. */
    public static ClusterHpa kubernetesDefaults(HpaSettings params) {
        return new ClusterHpa(params, 15, 30, 300, 100);
    }

    public double syncSeconds() {
        return syncSeconds;
    }

    public long scaleActions() {
        return scaleActions;
    }

    /** Records the pods' CPU use now; call at every sync time and before the first one. */
    public void sample(Simulation simulation) {
        double now = simulation.now();
        for (String service : simulation.services()) {
            java.util.ArrayList<double[]> series = samples.computeIfAbsent(service, s -> new java.util.ArrayList<>());
            series.add(new double[] {now, simulation.busySeconds(service)});
            // keep the newest sample at or before the window's start as its anchor, drop what is older
            while (series.size() > 1 && series.get(1)[0] <= now - metricWindowSeconds + 1e-9) {
                series.remove(0);
            }
        }
    }

    /** One controller pass at the simulation's current time: samples, then scales every service. */
    public void sync(Simulation simulation) {
        sample(simulation);
        double now = simulation.now();
        for (String service : simulation.services()) {
            int current = simulation.replicas(service);
            int ready = simulation.readyReplicas(service);
            java.util.ArrayList<double[]> series = samples.get(service);
            double[] oldest = series.get(0);
            double[] newest = series.get(series.size() - 1);
            double span = newest[0] - oldest[0];
            if (current == 0 || ready == 0 || span <= 0) {
                continue; // no metrics yet, or scaled to zero: the HPA holds
            }
            int concurrency = simulation.model().services().get(service).concurrencyPerPod();
            double utilisation = (newest[1] - oldest[1]) / span / (ready * (double) concurrency);
            int desired = Hpa.desiredReplicas(current, utilisation, params);
            desired = Math.min(desired, Math.max(2 * current, current + 4));
            desired = Math.max(params.minReplicas(), Math.min(maxReplicas, desired));
            Deque<Recommendation> history = recommendations.computeIfAbsent(service, s -> new ArrayDeque<>());
            history.addLast(new Recommendation(now, desired));
            while (history.peekFirst().at() < now - stabilisationSeconds - 1e-9) {
                history.pollFirst();
            }
            int target = desired;
            if (desired < current) {
                int highest = history.stream().mapToInt(Recommendation::replicas).max().orElse(desired);
                target = Math.min(current, Math.max(desired, highest));
            }
            if (target != current) {
                simulation.setReplicas(service, target);
                scaleActions++;
            }
        }
    }
}
