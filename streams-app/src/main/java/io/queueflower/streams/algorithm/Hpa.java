package io.queueflower.streams.algorithm;

import io.queueflower.streams.estimate.ServiceStats;
import io.queueflower.streams.estimate.WindowSnapshot;

import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The Kubernetes HPA rule on trace-estimated utilisation.
 *
 * <p>{@code u[n] = λ[n]·s[n] / (current[n]·concurrency)}, λ[n] the error-free traces containing n per second and s[n]
 * its mean exclusive time over all flows in seconds (negative reference means count as 0). Then Kubernetes' formula:
 * if {@code |u/target − 1| ≤ tolerance} keep the current replicas, else {@code ceil(current·u/target)}; at least
 * {@link HpaParams#minReplicas}, then the clamps. As in Kubernetes, a service at 0 replicas stays there (scaling from 0
 * is disabled) unless a minimum lifts it; a service without known replicas counts as having the base replicas. The
 * tolerance comparison allows 1e-12 of float noise, so a ratio of exactly 1.1 stays within a 0.1 tolerance. Values
 * within 1e-9 of an integer are snapped before the ceiling so float noise (2.0000000001) does not add a pod.
 */
public final class Hpa implements ScalingAlgorithm {
    private final AlgorithmConfig config;

    public Hpa(AlgorithmConfig config) {
        this.config = config;
    }

    @Override
    public Decision decide(WindowSnapshot window, Map<String, Integer> currentReplicas, AlgorithmState state) {
        HpaParams params = config.hpa();
        SortedSet<String> services = Services.universe(window, currentReplicas, config.excludedServices());
        SortedMap<String, ServiceStats> stats = window.services();
        TreeMap<String, Integer> targets = new TreeMap<>();
        TreeMap<String, Double> utilization = new TreeMap<>();
        TreeMap<String, Double> arrivalRate = new TreeMap<>();
        TreeMap<String, Double> serviceTimeMs = new TreeMap<>();
        for (String service : services) {
            ServiceStats s = stats.get(service);
            double lambda = s == null ? 0 : s.arrivalRatePerSec();
            double ms = s == null ? 0 : Math.max(0, s.exclusiveMeanMs());
            int current = currentReplicas.getOrDefault(service, config.baseReplicas());
            arrivalRate.put(service, lambda);
            serviceTimeMs.put(service, ms);
            int desired;
            if (current <= 0) {
                desired = current;
            } else {
                double u = lambda * (ms / 1000.0) / (current * params.concurrencyPerPod());
                utilization.put(service, u);
                desired = desiredReplicas(current, u, params);
            }
            targets.put(service, config.bounds().clamp(service, Math.max(params.minReplicas(), desired)));
        }
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("targetUtilization", Double.toString(params.targetUtilization()));
        parameters.put("tolerance", Double.toString(params.tolerance()));
        parameters.put("concurrencyPerPod", Double.toString(params.concurrencyPerPod()));
        parameters.put("minReplicas", Integer.toString(params.minReplicas()));
        if (!config.excludedServices().isEmpty()) {
            parameters.put("excludedServices", String.join(",", config.excludedServices()));
        }
        return Decision.builder(AlgorithmKind.HPA.configName(), window.windowStartMs(), window.windowEndMs())
                .targets(targets)
                .currentReplicas(currentReplicas)
                .flows(window.flows())
                .arrivalRatePerSec(arrivalRate)
                .serviceTimeMs(serviceTimeMs)
                .utilization(utilization)
                .parameters(parameters)
                .nextState(AlgorithmState.NONE)
                .build();
    }

    /** Kubernetes' {@code ceil(current·u/target)} with its tolerance, before any minimum or clamp. */
    public static int desiredReplicas(int current, double utilization, HpaParams params) {
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
