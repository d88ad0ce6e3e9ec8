package io.queueflower.core.algorithm;

import io.queueflower.core.sla.SlaTable;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The arithmetic of QueueFlower's blocking score, on plain maps (service → flow → value).
 *
 * <ul>
 *   <li>Violation of a pair: {@code vio[n][f] = Σ_m x[m][f] − SLA[n][f]} for the pairs present (n appears in f), where
 *   x is the queue estimate q for the average term and the tail estimate t for the tail term, and the sum runs over
 *   every service of the window (excluded services included: the sum stands for the flow's end-to-end latency).</li>
 *   <li>Pairs without an SLA contribute nothing. (In the reference a missing SLA cell gives NaN, which makes the
 *   service's sum and then the term's total NaN, and {@code NaN > 0} is false, so the whole term silently drops out
 *   for every service; leaving out only the pair is what that code evidently meant.)</li>
 *   <li>With clip, each pair's violation counts as max(0, vio) before the sum over flows; without, negative values
 *   are kept, as in the reference.</li>
 *   <li>Blocking: {@code b[n] = w1·q[n]/Σq + w2·avevio[n]/Σavevio + w3·tailvio[n]/Σtailvio}, sums over the services
 *   decided on; a term whose total is not positive contributes 0 (the reference's {@code if total > 0 else 0}).</li>
 * </ul>
 */
public final class QueueFlowerScores {
    private QueueFlowerScores() {
    }

    /** Σ_m x[m][f] per flow. */
    public static SortedMap<String, Double> flowTotals(Map<String, ? extends Map<String, Double>> estimates) {
        TreeMap<String, Double> totals = new TreeMap<>();
        estimates.values().forEach(byFlow -> byFlow.forEach((flow, value) -> totals.merge(flow, value, Double::sum)));
        return totals;
    }

    /**
     * Per-pair violations for the given services.
     *
     * @param estimates every service's estimates in the window (the flow totals run over all of them)
     * @param services  the services whose violations are wanted
     */
    public static SortedMap<String, SortedMap<String, Double>> violations(
            Map<String, ? extends Map<String, Double>> estimates, Set<String> services, SlaTable sla, boolean clip) {
        SortedMap<String, Double> totals = flowTotals(estimates);
        TreeMap<String, SortedMap<String, Double>> violations = new TreeMap<>();
        for (String service : services) {
            Map<String, Double> byFlow = estimates.get(service);
            if (byFlow == null) {
                continue;
            }
            TreeMap<String, Double> row = new TreeMap<>();
            for (String flow : byFlow.keySet()) {
                OptionalDouble limit = sla.slaMs(service, flow);
                if (limit.isPresent()) {
                    double violation = totals.get(flow) - limit.getAsDouble();
                    row.put(flow, clip ? Math.max(0, violation) : violation);
                }
            }
            violations.put(service, row);
        }
        return violations;
    }

    /** Σ_f x[n][f] for each service; 0 for a service without values. */
    public static SortedMap<String, Double> perService(Map<String, ? extends Map<String, Double>> perPair, Set<String> services) {
        TreeMap<String, Double> sums = new TreeMap<>();
        for (String service : services) {
            Map<String, Double> byFlow = perPair.get(service);
            double sum = 0;
            if (byFlow != null) {
                for (double value : byFlow.values()) {
                    sum += value;
                }
            }
            sums.put(service, sum);
        }
        return sums;
    }

    /** The blocking score of each service. */
    public static SortedMap<String, Double> blocking(Set<String> services, Map<String, Double> queue,
                                                     Map<String, Double> averageViolation,
                                                     Map<String, Double> tailViolation, Weights weights) {
        double queueTotal = total(services, queue);
        double averageTotal = total(services, averageViolation);
        double tailTotal = total(services, tailViolation);
        TreeMap<String, Double> blocking = new TreeMap<>();
        for (String service : services) {
            blocking.put(service, term(weights.queue(), queue, service, queueTotal)
                    + term(weights.averageViolation(), averageViolation, service, averageTotal)
                    + term(weights.tail(), tailViolation, service, tailTotal));
        }
        return blocking;
    }

    private static double total(Set<String> services, Map<String, Double> values) {
        double total = 0;
        for (String service : services) {
            total += values.getOrDefault(service, 0.0);
        }
        return total;
    }

    private static double term(double weight, Map<String, Double> values, String service, double total) {
        return weight == 0 || !(total > 0) ? 0 : weight * values.getOrDefault(service, 0.0) / total;
    }
}
