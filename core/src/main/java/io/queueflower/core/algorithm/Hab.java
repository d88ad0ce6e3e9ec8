package io.queueflower.core.algorithm;

import io.queueflower.core.estimate.FlowWindowStats;
import io.queueflower.core.estimate.ServiceStats;
import io.queueflower.core.estimate.WindowSnapshot;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The HAB baseline of the QueueFlower paper (the reference's {@code vs_schedule}), made window-by-window.
 *
 * <p>Pods: {@code raw[n] = φ·λ_base·s[n]}, s[n] the mean exclusive time of n over all flows (in
 * {@link HabSettings#serviceTimeUnit}), read as a number of pods. The capacity is the total pod budget,
 * {@code C = |services|·base + F}. When {@code Σ raw ≤ C} each service gets {@code floor(raw[n])}; when it exceeds C
 * the raw values are scaled down proportionally first, {@code floor(C·raw[n]/Σ raw)}; either way at least 1 pod, then
 * the clamps. So the total stays within C except where the minimum of 1 lifts services whose share floored to 0.
 *
 * <p>φ is tuned across windows by bisection on R, the sum over flows of the mean end-to-end latency of their
 * error-free traces in the window, which the Kafka layer must choose to lie after the last change. With target T and
 * threshold θ: R &gt; T + θ raises the lower bound to φ (more pods needed), R &lt; T − θ lowers the upper bound to φ,
 * and in between φ holds; after a move φ becomes the new midpoint. The first window only applies the initial
 * midpoint (nothing measured it yet), and a window without any error-free trace holds φ. As in the reference, the
 * interval only ever narrows. The bisection state is the immutable {@link HabState} passed in and returned.
 */
public final class Hab implements ScalingAlgorithm {
    private final PodPool pool;
    private final HabSettings settings;

    public Hab(PodPool pool, HabSettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    /** HAB as the settings configure it. */
    public static Hab from(AlgorithmSettings all) {
        return new Hab(all.pool(), all.hab());
    }

    @Override
    public AlgorithmDecision decide(WindowSnapshot window, Map<String, Integer> currentReplicas, AlgorithmState state) {
        HabSettings params = settings;
        HabState before = state instanceof HabState hab ? hab : HabState.initial(params);
        SortedSet<String> services = Services.universe(window, currentReplicas, pool.excludedServices());

        double latency = 0;
        boolean measured = false;
        for (FlowWindowStats flow : window.flows().values()) {
            if (flow.traces() > 0) {
                latency += flow.meanMs();
                measured = true;
            }
        }
        double lo = before.lo();
        double hi = before.hi();
        double phi = before.phi();
        String step;
        if (!before.applied()) {
            step = "initial phi applied";
        } else if (!measured) {
            step = "no error-free trace: phi held";
        } else if (latency > params.targetLatencyMs() + params.thresholdMs()) {
            lo = phi;
            phi = (lo + hi) / 2;
            step = "R above target + threshold: lower bound raised";
        } else if (latency < params.targetLatencyMs() - params.thresholdMs()) {
            hi = phi;
            phi = (lo + hi) / 2;
            step = "R below target - threshold: upper bound lowered";
        } else {
            step = "R within target +/- threshold: phi held";
        }
        HabState after = new HabState(lo, hi, phi, true);

        SortedMap<String, ServiceStats> stats = window.services();
        TreeMap<String, Double> serviceTimeMs = new TreeMap<>();
        TreeMap<String, Double> arrivalRate = new TreeMap<>();
        TreeMap<String, Double> serviceTime = new TreeMap<>();
        for (String service : services) {
            ServiceStats s = stats.get(service);
            double ms = s == null ? 0 : Math.max(0, s.exclusiveMeanMs());
            serviceTimeMs.put(service, ms);
            arrivalRate.put(service, s == null ? 0 : s.arrivalRatePerSec());
            // measured rates: φ·λ[n]·s[n], folded into the per-service value so pods() keeps the reference's shape
            serviceTime.put(service, params.measuredRates()
                    ? params.serviceTime(ms) * arrivalRate.get(service) / params.lambdaBase() : params.serviceTime(ms));
        }
        int capacity = services.size() * pool.baseReplicas() + pool.freePool();
        SortedMap<String, Integer> pods = pods(phi, params.lambdaBase(), serviceTime, capacity);
        TreeMap<String, Integer> targets = new TreeMap<>();
        pods.forEach((service, count) -> targets.put(service, pool.bounds().clamp(service, count)));

        Map<String, String> parameters = pool.parameters();
        parameters.put("capacity", Integer.toString(capacity));
        parameters.put("targetLatencyMs", Double.toString(params.targetLatencyMs()));
        parameters.put("thresholdMs", Double.toString(params.thresholdMs()));
        parameters.put("phiMin", Double.toString(params.phiMin()));
        parameters.put("phiMax", Double.toString(params.phiMax()));
        parameters.put("lambdaBase", Double.toString(params.lambdaBase()));
        parameters.put("serviceTimeUnit", params.serviceTimeUnit().name().toLowerCase(java.util.Locale.ROOT));
        parameters.put("measuredRates", Boolean.toString(params.measuredRates()));
        parameters.put("phiLo", Double.toString(lo));
        parameters.put("phiHi", Double.toString(hi));
        parameters.put("measuredLatencyMs", measured ? Double.toString(latency) : "none");
        return AlgorithmDecision.builder(AlgorithmKind.HAB.configName(), window.windowStartMs(), window.windowEndMs())
                .targets(targets)
                .currentReplicas(currentReplicas)
                .flows(window.flows())
                .explanation(new HabExplanation(phi, arrivalRate, serviceTimeMs))
                .parameters(parameters)
                .note(step)
                .nextState(after)
                .build();
    }

    /**
     * HAB's pods for a given φ: {@code floor(raw[n])}, or {@code floor(C·raw[n]/Σ raw)} when Σ raw exceeds C, at least 1,
     * with {@code raw[n] = φ·λ_base·serviceTime[n]}.
     */
    public static SortedMap<String, Integer> pods(double phi, double lambdaBase, Map<String, Double> serviceTime,
                                                  int capacity) {
        TreeMap<String, Double> raw = new TreeMap<>();
        double total = 0;
        for (Map.Entry<String, Double> entry : serviceTime.entrySet()) {
            double value = phi * lambdaBase * Math.max(0, entry.getValue());
            raw.put(entry.getKey(), value);
            total += value;
        }
        double scale = total > capacity ? capacity / total : 1;
        TreeMap<String, Integer> pods = new TreeMap<>();
        for (Map.Entry<String, Double> entry : raw.entrySet()) {
            double share = entry.getValue() * scale;
            double nearest = Math.rint(share);
            if (Math.abs(share - nearest) <= 1e-9 * Math.max(1, share)) {
                share = nearest; // float noise must not cost a pod
            }
            pods.put(entry.getKey(), Math.max(1, (int) Math.floor(share)));
        }
        return pods;
    }
}
