package io.queueflower.core.algorithm;

import io.queueflower.core.estimate.ServiceFlowStats;
import io.queueflower.core.estimate.ServiceStats;
import io.queueflower.core.estimate.WindowSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The balanced QueueFlower: QueueFlower's idea (balance queue over capacity across services under one pod budget,
 * from traces alone) as a controller that stays stable under a delayed, sampled loop.
 *
 * <ol>
 *   <li><b>Queues</b> by Little's law: {@code L[n] = Σ_f λ[n][f]·W[n][f]}, the mean number of requests inside
 *   service n, from the traces' exclusive times (negative exclusive times of the reference definition count as 0).</li>
 *   <li><b>Offered load</b> per {@link OfferedLoad}: from L and the servers that produced it by the M/M/c model,
 *   with rules for idle, mixed (the previous change took effect inside the window), draining and saturated
 *   windows.</li>
 *   <li><b>Recent peak</b> (when {@link BalancedSettings#peakMemorySeconds} is set): the highest measured load, decayed
 *   by e^(−T/memory) a window, for the allocator's hedge.</li>
 *   <li><b>Allocation</b> by {@link BalancedAllocator}: stability floors, probes for saturated services, hedges, then
 *   damped pod moves that cut the predicted number in system, with a higher bar for reversing a recent move.</li>
 * </ol>
 * The budget is the prop variants': {@code |services|·base + F}; base replicas are every service's minimum. The
 * decision's reasons say, per service, which estimate applied and why it got its pods.
 */
public final class BalancedQueueFlower implements ScalingAlgorithm {
    /** A move within this many windows before counts as recent for the reversal rule (the flapping definition). */
    static final int REVERSAL_WINDOWS = 2;

    private final PodPool pool;
    private final BalancedSettings settings;
    private final BalancedAllocator allocator;

    public BalancedQueueFlower(PodPool pool, BalancedSettings settings) {
        this.pool = pool;
        this.settings = settings;
        this.allocator = new BalancedAllocator(settings);
    }

    /** The balanced QueueFlower as the settings configure it. */
    public static BalancedQueueFlower from(AlgorithmSettings all) {
        return new BalancedQueueFlower(all.pool(), all.balanced());
    }

    @Override
    public AlgorithmDecision decide(WindowSnapshot window, Map<String, Integer> currentReplicas, AlgorithmState state) {
        BalancedSettings params = settings;
        BalancedState before = state instanceof BalancedState balanced ? balanced : BalancedState.EMPTY;
        SortedSet<String> services = Services.universe(window, currentReplicas, pool.excludedServices());
        SortedMap<String, ServiceStats> stats = window.services();
        long windowMs = window.windowEndMs() - window.windowStartMs();

        TreeMap<String, SortedMap<String, Double>> queues = new TreeMap<>();
        TreeMap<String, Double> serviceQueue = new TreeMap<>();
        TreeMap<String, Double> arrivalRate = new TreeMap<>();
        TreeMap<String, Double> serviceTimeMs = new TreeMap<>();
        TreeMap<String, OfferedLoad> estimates = new TreeMap<>();
        TreeMap<String, Double> peaks = new TreeMap<>();
        TreeMap<String, BalancedAllocator.Demand> demands = new TreeMap<>();
        Set<String> raisedRecently = new HashSet<>();
        Set<String> loweredRecently = new HashSet<>();
        for (String service : services) {
            TreeMap<String, Double> byFlow = new TreeMap<>();
            double inSystem = 0;
            Map<String, ServiceFlowStats> pairs = window.pairs().get(service);
            if (pairs != null) {
                for (ServiceFlowStats pair : pairs.values()) {
                    double q = Math.max(0, pair.queueLittlesLaw());
                    byFlow.put(pair.flow(), q);
                    inSystem += q;
                }
                queues.put(service, byFlow);
            }
            serviceQueue.put(service, inSystem);
            ServiceStats s = stats.get(service);
            double lambda = s == null ? 0 : s.arrivalRatePerSec();
            arrivalRate.put(service, lambda);
            int current = currentReplicas.getOrDefault(service, pool.baseReplicas());
            BalancedState.ServiceMemory remembered = before.of(service);
            boolean moved = remembered.lastMoveAtMs() != BalancedState.NEVER;
            boolean mixed = moved
                    && window.windowStartMs() < remembered.lastMoveAtMs() + Math.round(params.settleSeconds() * 1000);
            int k = params.concurrencyOf(service);
            OfferedLoad estimate = OfferedLoad.estimate(lambda, inSystem, current * k,
                    window.windowSeconds(), mixed, remembered.serviceTimeMs(), remembered.offeredLoad(),
                    remembered.arrivalRate(), remembered.inSystem(), params);
            estimates.put(service, estimate);
            if (!Double.isNaN(estimate.serviceTimeMs())) {
                serviceTimeMs.put(service, estimate.serviceTimeMs());
            }
            if (moved && window.windowStartMs() - remembered.lastMoveAtMs() < REVERSAL_WINDOWS * windowMs) {
                (remembered.lastMove() > 0 ? raisedRecently : loweredRecently).add(service);
            }
            double decayed = Double.isNaN(remembered.recentPeak()) ? 0
                    : remembered.recentPeak() * params.peakDecay(window.windowSeconds());
            boolean measured = estimate.kind() != OfferedLoad.Kind.SATURATED;
            double peak = measured ? Math.max(decayed, estimate.offeredLoad()) : decayed;
            peaks.put(service, peak);
            int min = Math.max(pool.baseReplicas(), pool.bounds().minFor(service));
            int max = Math.max(min, pool.bounds().maxFor(service));
            demands.put(service, new BalancedAllocator.Demand(estimate.offeredLoad(), current, min, max, !measured,
                    Math.max(peak, measured ? estimate.offeredLoad() : 0), k,
                    estimate.kind() == OfferedLoad.Kind.CLEAN || estimate.kind() == OfferedLoad.Kind.IDLE));
        }

        if (params.flowWeight() > 0) {
            weighByFlowLength(window, queues, demands, params.flowWeight());
        }
        int budget = services.size() * pool.baseReplicas() + pool.freePool();
        BalancedAllocator.Result result = allocator.allocate(demands, budget, raisedRecently, loweredRecently);

        TreeMap<String, BalancedState.ServiceMemory> memory = new TreeMap<>();
        TreeMap<String, Double> utilization = new TreeMap<>();
        TreeMap<String, String> reasons = new TreeMap<>();
        result.targets().forEach((service, target) -> {
            int now = currentReplicas.getOrDefault(service, pool.baseReplicas());
            BalancedState.ServiceMemory remembered = before.of(service);
            OfferedLoad estimate = estimates.get(service);
            int move = Integer.signum(target - now);
            memory.put(service, new BalancedState.ServiceMemory(estimate.serviceTimeMs(), estimate.offeredLoad(),
                    peaks.get(service), estimate.arrivalRate(), estimate.inSystem(),
                    move != 0 ? move : remembered.lastMove(),
                    move != 0 ? window.windowEndMs() : remembered.lastMoveAtMs()));
            if (target > 0) {
                utilization.put(service, estimate.offeredLoad()
                        / (target * (double) params.concurrencyOf(service)));
            }
            // concatenation, not String.format: formatting was a tenth of a 1,000-service decision (profiled)
            reasons.put(service, estimate.kind().name().toLowerCase(Locale.ROOT) + ": load "
                    + twoDecimals(estimate.offeredLoad()) + " busy servers on " + estimate.servers() + " (L="
                    + twoDecimals(estimate.inSystem()) + ", lambda=" + twoDecimals(estimate.arrivalRate()) + "/s); "
                    + result.reasons().get(service));
        });
        TreeMap<String, Double> share = new TreeMap<>();
        double totalQueue = serviceQueue.values().stream().mapToDouble(Double::doubleValue).sum();
        serviceQueue.forEach((service, q) -> share.put(service, totalQueue > 0 ? q / totalQueue : 0));

        return AlgorithmDecision.builder(AlgorithmKind.QUEUEFLOWER.configName(), window.windowStartMs(), window.windowEndMs())
                .targets(result.targets())
                .currentReplicas(currentReplicas)
                .flows(window.flows())
                .explanation(new BalancedExplanation(queues, serviceQueue, share, arrivalRate, serviceTimeMs,
                        utilization, reasons))
                .parameters(parameters(params, budget))
                .note(result.scarce() ? "scarce: the stability floors exceed the budget; utilisation balanced"
                        : String.format(Locale.ROOT, "%d move(s); predicted requests in system %.2f -> %.2f",
                        result.moves(), result.inSystemBefore(), result.inSystemAfter()))
                .nextState(new BalancedState(memory))
                .build();
    }

    /**
     * A service's requests count (E_f/E)^γ times, averaged over its flows by their share of its queue: services on long
     * flows, which make the tail of the whole request mix, weigh more than those on short ones.
     */
    private static void weighByFlowLength(WindowSnapshot window, Map<String, SortedMap<String, Double>> queues,
                                          TreeMap<String, BalancedAllocator.Demand> demands, double gamma) {
        double traces = 0;
        double sum = 0;
        for (var flow : window.flows().values()) {
            traces += flow.traces();
            sum += flow.traces() * flow.meanMs();
        }
        if (!(traces > 0) || !(sum > 0)) {
            return;
        }
        double mean = sum / traces;
        demands.replaceAll((service, d) -> {
            Map<String, Double> byFlow = queues.get(service);
            if (byFlow == null) {
                return d;
            }
            double total = 0;
            double weighted = 0;
            for (Map.Entry<String, Double> entry : byFlow.entrySet()) {
                var flow = window.flows().get(entry.getKey());
                if (flow != null && flow.traces() > 0 && flow.meanMs() > 0) {
                    total += entry.getValue();
                    weighted += entry.getValue() * Math.pow(flow.meanMs() / mean, gamma);
                }
            }
            double weight = total > 0 ? weighted / total : 1;
            return new BalancedAllocator.Demand(d.offeredLoad(), d.current(), d.min(), d.max(), d.saturated(),
                    d.recentPeak(), d.concurrency(), d.settled(), weight);
        });
    }

    static String twoDecimals(double value) {
        return Double.isFinite(value)
                ? BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).toPlainString()
                : Double.toString(value);
    }

    private Map<String, String> parameters(BalancedSettings params, int budget) {
        Map<String, String> parameters = pool.parameters();
        parameters.put("variant", Variant.BALANCED.configName());
        parameters.put("budget", Integer.toString(budget));
        parameters.put("floorUtilization", Double.toString(params.floorUtilization()));
        parameters.put("planUtilization", Double.toString(params.planUtilization()));
        parameters.put("minGain", Double.toString(params.minGain()));
        parameters.put("reversalFactor", Double.toString(params.reversalFactor()));
        parameters.put("maxMoves", Integer.toString(params.maxMoves()));
        parameters.put("smoothing", Double.toString(params.smoothing()));
        parameters.put("saturation", Double.toString(params.saturation()));
        parameters.put("overloadGrowth", Double.toString(params.overloadGrowth()));
        parameters.put("concurrency", Integer.toString(params.concurrency()));
        if (!params.concurrencyOverrides().isEmpty()) {
            parameters.put("concurrencyOverrides", params.concurrencyOverrides().toString());
        }
        parameters.put("hedgeUtilization", Double.toString(params.hedgeUtilization()));
        parameters.put("peakMemorySeconds", Double.toString(params.peakMemorySeconds()));
        parameters.put("flowWeight", Double.toString(params.flowWeight()));
        parameters.put("trendWindows", Double.toString(params.trendWindows()));
        parameters.put("settleSeconds", Double.toString(params.settleSeconds()));
        return parameters;
    }
}
