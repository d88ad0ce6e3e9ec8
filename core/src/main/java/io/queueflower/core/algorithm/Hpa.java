package io.queueflower.core.algorithm;

import io.queueflower.core.estimate.ServiceStats;
import io.queueflower.core.estimate.WindowSnapshot;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The Kubernetes HPA rule on trace-estimated utilisation.
 *
 * <p>Utilisation is what the servers were busy with: {@code u[n] = a[n] / c[n]}, with c[n] = current[n]·concurrency
 * servers and a[n] the offered load that gives the service's number in system L[n] = Σ_f λ[n][f]·W[n][f] on them by
 * the M/M/c model ({@link MmcQueue#offeredLoad}), from the traces' exclusive times (negative reference times count
 * as 0). Not λ·W / c: exclusive time includes the wait in the queue, so that ratio is the number in system per
 * server, ρ/(1 − ρ) for one server, which passes 1 at ρ = 0.5 and grows without bound as the queue does; an HPA fed
 * with it scales a service that is merely busy as if it were overloaded. Like a CPU metric, u stays below 1 however
 * long the queue (a saturated service is scaled by 1/target a decision). Then Kubernetes' formula:
 * if {@code |u/target − 1| ≤ tolerance} keep the current replicas, else {@code ceil(current·u/target)}; at least
 * {@link HpaSettings#minReplicas}, then the clamps. As in Kubernetes, a service at 0 replicas stays there (scaling from 0
 * is disabled) unless a minimum lifts it; a service without known replicas counts as having the base replicas. The
 * tolerance comparison allows 1e-12 of float noise, so a ratio of exactly 1.1 stays within a 0.1 tolerance. Values
 * within 1e-9 of an integer are snapped before the ceiling so float noise (2.0000000001) does not add a pod.
 */
public final class Hpa implements ScalingAlgorithm {
    private final PodPool pool;
    private final HpaSettings settings;

    public Hpa(PodPool pool, HpaSettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    /** HPA as the settings configure it. */
    public static Hpa from(AlgorithmSettings all) {
        return new Hpa(all.pool(), all.hpa());
    }

    @Override
    public AlgorithmDecision decide(WindowSnapshot window, Map<String, Integer> currentReplicas, AlgorithmState state) {
        HpaSettings params = settings;
        SortedSet<String> services = Services.universe(window, currentReplicas, pool.excludedServices());
        SortedMap<String, ServiceStats> stats = window.services();
        TreeMap<String, Integer> targets = new TreeMap<>();
        TreeMap<String, Double> utilization = new TreeMap<>();
        TreeMap<String, Double> arrivalRate = new TreeMap<>();
        TreeMap<String, Double> serviceTimeMs = new TreeMap<>();
        for (String service : services) {
            ServiceStats s = stats.get(service);
            double lambda = s == null ? 0 : s.arrivalRatePerSec();
            double ms = s == null ? 0 : Math.max(0, s.exclusiveMeanMs());
            double inSystem = 0;
            Map<String, io.queueflower.core.estimate.ServiceFlowStats> pairs = window.pairs().get(service);
            if (pairs != null) {
                for (io.queueflower.core.estimate.ServiceFlowStats pair : pairs.values()) {
                    inSystem += Math.max(0, pair.queueLittlesLaw());
                }
            }
            int current = currentReplicas.getOrDefault(service, pool.baseReplicas());
            arrivalRate.put(service, lambda);
            serviceTimeMs.put(service, ms);
            int desired;
            if (current <= 0) {
                desired = current;
            } else {
                int servers = Math.max(1, (int) Math.round(current * params.concurrencyPerPod()));
                double u = params.sojourn() ? lambda * (ms / 1000.0) / (current * params.concurrencyPerPod())
                        : MmcQueue.offeredLoad(inSystem, servers) / servers;
                utilization.put(service, u);
                desired = desiredReplicas(current, u, params);
            }
            targets.put(service, pool.bounds().clamp(service, Math.max(params.minReplicas(), desired)));
        }
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("targetUtilization", Double.toString(params.targetUtilization()));
        parameters.put("tolerance", Double.toString(params.tolerance()));
        parameters.put("concurrencyPerPod", Double.toString(params.concurrencyPerPod()));
        parameters.put("minReplicas", Integer.toString(params.minReplicas()));
        parameters.put("utilization", params.sojourn() ? "sojourn" : "queue");
        if (!pool.excludedServices().isEmpty()) {
            parameters.put("excludedServices", String.join(",", pool.excludedServices()));
        }
        return AlgorithmDecision.builder(AlgorithmKind.HPA.configName(), window.windowStartMs(), window.windowEndMs())
                .targets(targets)
                .currentReplicas(currentReplicas)
                .flows(window.flows())
                .explanation(new HpaExplanation(arrivalRate, serviceTimeMs, utilization))
                .parameters(parameters)
                .nextState(AlgorithmState.NONE)
                .build();
    }

    /** Kubernetes' {@code ceil(current·u/target)} with its tolerance, before any minimum or clamp. */
    public static int desiredReplicas(int current, double utilization, HpaSettings params) {
        double ratio = utilization / params.targetUtilization();
        if (Math.abs(ratio - 1) <= params.tolerance() + 1e-12) { // 0.77/0.7 is 1.1000000000000003 in doubles
            return current;
        }
        double desired = current * ratio;
        double nearest = Math.rint(desired);
        if (Math.abs(desired - nearest) <= 1e-9 * Math.max(1, desired)) {
            desired = nearest;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(desired));
    }
}
