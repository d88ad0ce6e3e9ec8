package io.queueflower.simulator.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * How the experiment judges one policy against another on one workload: the rules of its verdicts, in one place.
 *
 * <ul>
 *   <li><b>Pairing.</b> Runs are matched by seed: the same seed gives the same arrivals, flows and service times to
 *   every policy (common random numbers), so the per-seed difference removes most of the noise between them.</li>
 *   <li><b>Verdict.</b> {@code WINS} when the 95 % interval of the paired difference (policy − other) lies below 0,
 *   {@code LOSES} when above, {@code TIES} otherwise, which with a handful of seeds often means "too noisy to
 *   tell".</li>
 *   <li><b>Ratio.</b> The per-seed ratio of mean latencies, as an estimate over seeds.</li>
 *   <li><b>Collapse.</b> A seed whose mean latency exceeds {@link #COLLAPSE_FACTOR} times the other's (in the
 *   reports, the other is {@code static-best}): queues that grew for minutes.</li>
 *   <li><b>Flapping.</b> A move of a service's replicas (a change between consecutive windows) that reverses the
 *   direction of its previous move made at most {@link #FLAP_WINDOWS} windows earlier.</li>
 * </ul>
 */
public final class PolicyComparison {
    /** A seed slower than this many times the reference collapsed. */
    public static final double COLLAPSE_FACTOR = 3;
    /** A reversal within this many windows is a flap. */
    public static final int FLAP_WINDOWS = 2;

    private PolicyComparison() {
    }

    /** The outcome of a paired comparison. */
    public enum Verdict { WINS, TIES, LOSES }

    public static Verdict verdict(MeanWithCi difference) {
        if (difference.high() < 0) {
            return Verdict.WINS;
        }
        if (difference.low() > 0) {
            return Verdict.LOSES;
        }
        return Verdict.TIES;
    }

    /** Per-seed differences, policy minus other (in %, of other, when {@code relative}). */
    public static MeanWithCi paired(List<RunResult> policy, List<RunResult> other, ToDoubleFunction<RunResult> metric,
                                  boolean relative) {
        return MeanWithCi.of(pairs(policy, other, metric, (a, b) -> relative ? (b == 0 ? 0 : 100 * (a - b) / b) : a - b));
    }

    /** Per-seed ratios of mean latency, policy over other. */
    public static MeanWithCi latencyRatio(List<RunResult> policy, List<RunResult> other) {
        return MeanWithCi.of(pairs(policy, other, r -> r.all().meanMs(), (a, b) -> b == 0 ? 1 : a / b));
    }

    /** Seeds whose mean latency is more than {@link #COLLAPSE_FACTOR} times the other's. */
    public static int collapses(List<RunResult> policy, List<RunResult> other) {
        int count = 0;
        for (double ratio : pairs(policy, other, r -> r.all().meanMs(), (a, b) -> b == 0 ? 1 : a / b)) {
            if (ratio > COLLAPSE_FACTOR) {
                count++;
            }
        }
        return count;
    }

    /** Moves and flaps of one run, over every service. */
    public record Flapping(long moves, long flaps) {
        public double percent() {
            return moves == 0 ? 0 : 100.0 * flaps / moves;
        }

        Flapping plus(Flapping other) {
            return new Flapping(moves + other.moves, flaps + other.flaps);
        }
    }

    /** Moves and flaps in a replica timeline (one value per window). */
    public static Flapping flapping(Map<String, List<Integer>> replicaTimeline) {
        long moves = 0;
        long flaps = 0;
        for (List<Integer> series : replicaTimeline.values()) {
            int lastDirection = 0;
            int lastAt = Integer.MIN_VALUE;
            for (int i = 1; i < series.size(); i++) {
                int direction = Integer.signum(series.get(i) - series.get(i - 1));
                if (direction == 0) {
                    continue;
                }
                moves++;
                if (lastDirection == -direction && i - lastAt <= FLAP_WINDOWS) {
                    flaps++;
                }
                lastDirection = direction;
                lastAt = i;
            }
        }
        return new Flapping(moves, flaps);
    }

    /** Moves and flaps summed over runs. */
    public static Flapping flapping(List<RunResult> runs) {
        Flapping total = new Flapping(0, 0);
        for (RunResult run : runs) {
            total = total.plus(flapping(run.replicaTimeline()));
        }
        return total;
    }

    private interface Combine {
        double apply(double policy, double other);
    }

    private static double[] pairs(List<RunResult> policy, List<RunResult> other, ToDoubleFunction<RunResult> metric,
                                  Combine combine) {
        Map<Long, RunResult> bySeed = new LinkedHashMap<>();
        other.forEach(r -> bySeed.put(r.seed(), r));
        List<Double> values = new ArrayList<>();
        for (RunResult run : policy) {
            RunResult match = bySeed.get(run.seed());
            if (match != null) {
                values.add(combine.apply(metric.applyAsDouble(run), metric.applyAsDouble(match)));
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no seed in common between the two policies");
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
