package io.queueflower.core.algorithm;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Shares a fixed pod budget among services, starting from the replicas they have, by the M/M/c model of each
 * ({@link MmcQueue}): the rules of the balanced QueueFlower's allocation, in the order they apply.
 *
 * <ol>
 *   <li><b>Bounds.</b> Every service is held within [min, max] first.</li>
 *   <li><b>Stability floor.</b> f = ceil(a / (k·u)), for offered load a (busy servers), k servers per pod and floor
 *   utilisation u, held within the bounds. A service below its floor is raised to it at once, pod by pod, taking each
 *   pod from the service that loses least by it (the smallest rise in its predicted number in system) among those
 *   above their own floors. A floor is never delayed or damped: a service below its offered load queues without
 *   bound, and every window it waits makes the queue longer.</li>
 *   <li><b>Scarcity.</b> When the floors together exceed the budget no allocation keeps every service under u, and
 *   the queue model's optimum is meaningless (some queue is unstable either way). The budget then goes to balance
 *   utilisation a/(n·k) across services, pod by pod to the highest: the allocation that keeps the most loaded service
 *   as far from saturation as the budget allows, which is where the fluid model's throughput optimum lies (queue over
 *   capacity balanced, as QueueFlower intends).</li>
 *   <li><b>Budget.</b> When the current replicas do not add up to the budget, pods are added where they cut the
 *   predicted number in system most, or removed where they add least.</li>
 *   <li><b>Improvement moves, damped.</b> Then, among the services whose estimate is settled (not taken in a window
 *   their previous change still touched, not a saturation probe: a discretionary move on a half-measured queue is
 *   the kind the next window undoes), at most {@code maxMoves} times, the best single move of one pod: to
 *   the service whose predicted number in system falls most with one more pod, from the service (above its floor)
 *   whose rises least with one fewer. Since the M/M/c number in system is convex in the servers, repeating this
 *   reaches the allocation that minimises the total number in system, i.e. by Little's law the mean time requests
 *   spend in the services. A move is made only when its net predicted gain exceeds {@code minGain} of the two
 *   services' number in system together (hysteresis: a move for a negligible gain costs a pod start-up and a draining
 *   pod and is likely to be undone by the next window's noise), and {@code reversalFactor} times that when it would
 *   undo the direction the previous decision moved either service in (that decision's effect is only partly visible
 *   in the window that judges it).</li>
 * </ol>
 * Ties go to the service whose name sorts first, so a decision can be recomputed.
 */
public final class BalancedAllocator {
    /** Cost of an unstable queue: large, and falling with every server added so the greedy still has a direction. */
    private static final double UNSTABLE = 1e9;

    private final BalancedSettings params;

    public BalancedAllocator(BalancedSettings params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    /**
     * One service's input.
     *
     * @param offeredLoad a, estimated busy servers (λ·s)
     * @param current     replicas now
     * @param min         lowest allowed
     * @param max         highest allowed
     * @param saturated   the load is a probe of a saturated queue ({@link OfferedLoad.Kind#SATURATED}), not a
     *                    measurement
     * @param recentPeak  the highest load measured recently (decayed), for the hedge; at least the offered load
     *                    when measured
     * @param concurrency servers per pod k
     * @param settled     the estimate comes from a window the service's previous change no longer touched
     *                    ({@link OfferedLoad.Kind#CLEAN} or {@link OfferedLoad.Kind#IDLE}); only settled services
     *                    take part in improvement moves
     */
    public record Demand(double offeredLoad, int current, int min, int max, boolean saturated, double recentPeak,
                         int concurrency, boolean settled, double weight) {
        public Demand(double offeredLoad, int current, int min, int max, boolean saturated, double recentPeak,
                      int concurrency, boolean settled) {
            this(offeredLoad, current, min, max, saturated, recentPeak, concurrency, settled, 1);
        }

        public Demand {
            if (!(offeredLoad >= 0) || Double.isInfinite(offeredLoad)) {
                throw new IllegalArgumentException("offered load must be finite and >= 0, got " + offeredLoad);
            }
            if (!(recentPeak >= 0) || Double.isInfinite(recentPeak)) {
                throw new IllegalArgumentException("recent peak must be finite and >= 0, got " + recentPeak);
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("weight must be finite and > 0, got " + weight);
            }
            if (current < 0 || min < 0 || max < min) {
                throw new IllegalArgumentException("replicas need current >= 0 and 0 <= min <= max, got " + current
                        + " in [" + min + ", " + max + "]");
            }
        }
    }

    /**
     * The outcome.
     *
     * @param targets          service → replicas
     * @param floors           service → stability floor
     * @param reasons          service → why it has its target, in words
     * @param scarce           the floors exceeded the budget: utilisation was balanced instead
     * @param moves            improvement moves made (pods that changed service beyond floors and budget)
     * @param inSystemBefore   predicted total number in system at the current replicas (bounded), +∞ if unstable
     * @param inSystemAfter    predicted total number in system at the targets, +∞ if unstable
     */
    public record Result(SortedMap<String, Integer> targets, SortedMap<String, Integer> floors,
                         SortedMap<String, String> reasons, boolean scarce, int moves, double inSystemBefore,
                         double inSystemAfter) {
        public Result {
            targets = Collections.unmodifiableSortedMap(new TreeMap<>(targets));
            floors = Collections.unmodifiableSortedMap(new TreeMap<>(floors));
            reasons = Collections.unmodifiableSortedMap(new TreeMap<>(reasons));
        }
    }

    /**
     * Allocates.
     *
     * @param demands    service → demand; its keys are the services that get targets
     * @param budget     pods to share out in total
     * @param raisedLast services the previous decision raised
     * @param loweredLast services the previous decision lowered
     */
    public Result allocate(SortedMap<String, Demand> demands, int budget, Set<String> raisedLast,
                           Set<String> loweredLast) {
        if (budget < 0) {
            throw new IllegalArgumentException("budget must be >= 0, got " + budget);
        }
        // Hash maps inside, sorted ones out: the greedy looks services up once per candidate per pod.
        HashMap<String, Integer> pods = new HashMap<>();
        HashMap<String, Integer> floors = new HashMap<>();
        HashMap<String, StringBuilder> why = new HashMap<>();
        HashMap<String, Demand> byName = new HashMap<>(demands);
        int measuredFloors = 0;
        int probesHeld = 0;
        for (Map.Entry<String, Demand> entry : demands.entrySet()) {
            Demand d = entry.getValue();
            int held = clamp(d.current(), d.min(), d.max());
            pods.put(entry.getKey(), held);
            why.put(entry.getKey(), new StringBuilder());
            if (d.saturated()) {
                floors.put(entry.getKey(), held); // raised below by what the measured floors leave
                probesHeld += held;
            } else {
                int floor = stabilityFloor(d);
                floors.put(entry.getKey(), floor);
                measuredFloors += floor;
            }
        }
        double before = total(demands, pods);

        int spare = budget - measuredFloors - probesHeld;
        if (spare < 0) {
            return scarce(demands, budget, floors, before, measuredFloors);
        }
        // Probes: each saturated service asks for the floor of its probe load; they share what is spare, a pod at a
        // time to the one whose ask is met least (then by name).
        Greedy probes = new Greedy(demands.keySet(), service -> {
            Demand d = byName.get(service);
            int ask = stabilityFloor(d);
            int floor = floors.get(service);
            return d.saturated() && floor < ask ? floor / (double) ask : Double.NaN;
        });
        for (String neediest; spare > 0 && (neediest = probes.first()) != null; spare--) {
            floors.merge(neediest, 1, Integer::sum);
            probes.refresh(neediest);
        }
        // Hedges: what is still spare keeps measured services able to carry their recent peaks, a pod at a time to the
        // one whose hedge is met least.
        Greedy hedges = new Greedy(demands.keySet(), service -> {
            Demand d = byName.get(service);
            int ask = clamp((int) Math.ceil(d.recentPeak() / (d.concurrency() * params.hedgeUtilization()) - 1e-9),
                    d.min(), d.max());
            int floor = floors.get(service);
            return !d.saturated() && floor < ask ? floor / (double) ask : Double.NaN;
        });
        for (String neediest; spare > 0 && (neediest = hedges.first()) != null; spare--) {
            floors.merge(neediest, 1, Integer::sum);
            hedges.refresh(neediest);
        }

        double offeredTotal = demands.values().stream().mapToDouble(Demand::offeredLoad).sum();
        double meanConcurrency = demands.values().stream().mapToInt(Demand::concurrency).average().orElse(1);
        double scale = offeredTotal > 0
                ? Math.max(1, params.planUtilization() * budget * meanConcurrency / offeredTotal) : 1;
        HashMap<String, Demand> planned = new HashMap<>();
        demands.forEach((service, d) -> planned.put(service,
                new Demand(d.offeredLoad() * scale, d.current(), d.min(), d.max(), d.saturated(), d.recentPeak(),
                        d.concurrency(), d.settled(), d.weight())));

        // budget
        int sum = pods.values().stream().mapToInt(Integer::intValue).sum();
        if (sum < budget) {
            Greedy receivers = receivers(planned, pods, null, null);
            for (String to; sum < budget && (to = receivers.first()) != null; sum++) { // none: all at their maximum
                pods.merge(to, 1, Integer::sum);
                receivers.refresh(to);
                note(why, to, "+1 to fill the budget");
            }
        }
        Greedy givers = givers(planned, pods, floors, null, null, null);
        for (String from; sum > budget && (from = givers.first()) != null; sum--) { // none: all at their floors
            pods.merge(from, -1, Integer::sum);
            givers.refresh(from);
            note(why, from, "-1 to keep within the budget");
        }

        // floors: a service below its floor is never a giver (n <= floor), so one ranking serves them all
        for (String service : demands.keySet()) {
            for (String from; pods.get(service) < floors.get(service) && (from = givers.first()) != null; ) {
                pods.merge(from, -1, Integer::sum);
                givers.refresh(from);
                pods.merge(service, 1, Integer::sum);
                note(why, service, "+1 to its stability floor");
                note(why, from, "-1 to lift " + service + " to its floor");
            }
        }

        // improvement moves
        int moves = 0;
        while (moves < params.maxMoves()) {
            Move move = bestMove(planned, pods, floors, raisedLast, loweredLast);
            if (move == null) {
                break;
            }
            pods.merge(move.from, -1, Integer::sum);
            pods.merge(move.to, 1, Integer::sum);
            note(why, move.to, String.format("+1 from %s (predicted requests in system -%.3f net)", move.from,
                    move.net));
            note(why, move.from, String.format("-1 to %s", move.to));
            moves++;
        }

        TreeMap<String, String> reasons = new TreeMap<>();
        why.forEach((service, text) -> reasons.put(service, text.length() == 0
                ? "held: no move gains enough (floor " + floors.get(service) + ")"
                : text.toString()));
        return new Result(new TreeMap<>(pods), new TreeMap<>(floors), reasons, false, moves, before,
                total(demands, pods));
    }

    /**
     * The measured floors alone exceed what the probes leave: utilisation a/(n·k) is balanced across the measured
     * services within the budget less the saturated services' current pods (which are neither raised nor lowered).
     */
    private Result scarce(SortedMap<String, Demand> demands, int budget, Map<String, Integer> floors,
                          double before, int measuredFloors) {
        HashMap<String, Integer> pods = new HashMap<>();
        HashMap<String, Demand> byName = new HashMap<>(demands);
        int left = budget;
        for (Map.Entry<String, Demand> entry : demands.entrySet()) {
            Demand d = entry.getValue();
            int start = d.saturated() ? clamp(d.current(), d.min(), d.max()) : d.min();
            pods.put(entry.getKey(), start);
            left -= start;
        }
        Greedy busiest = new Greedy(demands.keySet(), service -> {
            int n = pods.get(service);
            Demand d = byName.get(service);
            if (d.saturated() || n >= d.max() || d.offeredLoad() == 0) {
                return Double.NaN;
            }
            return n == 0 ? Double.NEGATIVE_INFINITY : -d.offeredLoad() / (n * (double) d.concurrency());
        });
        for (String best; left > 0 && (best = busiest.first()) != null; left--) {
            pods.merge(best, 1, Integer::sum);
            busiest.refresh(best);
        }
        TreeMap<String, String> reasons = new TreeMap<>();
        pods.forEach((service, n) -> reasons.put(service, demands.get(service).saturated()
                ? "scarce: saturated, held at its current pods"
                : String.format("scarce: floors need %d pods, the budget is %d; utilisation balanced at %.2f",
                        measuredFloors, budget,
                        demands.get(service).offeredLoad()
                                / (Math.max(1, n) * (double) demands.get(service).concurrency()))));
        return new Result(new TreeMap<>(pods), new TreeMap<>(floors), reasons, true, 0, before,
                total(demands, pods));
    }

    private int stabilityFloor(Demand d) {
        return clamp((int) Math.ceil(d.offeredLoad() / (d.concurrency() * params.floorUtilization()) - 1e-9),
                d.min(), d.max());
    }

    private record Move(String to, String from, double net) {
    }

    /**
     * The best admissible move: the best receiver and giver with and without the reversal penalty, combined, so a
     * penalised best pair does not hide an unpenalised one that passes.
     */
    private Move bestMove(Map<String, Demand> all, Map<String, Integer> pods, Map<String, Integer> floors,
                          Set<String> raisedLast, Set<String> loweredLast) {
        HashMap<String, Demand> demands = new HashMap<>();
        all.forEach((service, d) -> {
            if (d.settled()) {
                demands.put(service, d);
            }
        });
        Move best = null;
        for (boolean receiverReverses : new boolean[] {false, true}) {
            String to = Greedy.best(demands.keySet(), receiverKey(demands, pods, receiverReverses ? loweredLast : null,
                    receiverReverses ? null : loweredLast));
            if (to == null) {
                continue;
            }
            for (boolean giverReverses : new boolean[] {false, true}) {
                String from = Greedy.best(demands.keySet(), giverKey(demands, pods, floors, to,
                        giverReverses ? raisedLast : null, giverReverses ? null : raisedLast));
                if (from == null) {
                    continue;
                }
                double gain = cost(demands.get(to), pods.get(to)) - cost(demands.get(to), pods.get(to) + 1);
                double loss = cost(demands.get(from), pods.get(from) - 1) - cost(demands.get(from), pods.get(from));
                double net = gain - loss;
                double scale = cost(demands.get(to), pods.get(to)) + cost(demands.get(from), pods.get(from));
                double threshold = params.minGain() * scale
                        * (receiverReverses || giverReverses ? params.reversalFactor() : 1);
                if (net > threshold && net > 0 && (best == null || net > best.net)) {
                    best = new Move(to, from, net);
                }
            }
        }
        return best;
    }

    /** Services below their maximum, the one whose cost falls most with one more pod first. */
    private Greedy receivers(Map<String, Demand> demands, Map<String, Integer> pods, Set<String> onlyIn,
                             Set<String> notIn) {
        return new Greedy(demands.keySet(), receiverKey(demands, pods, onlyIn, notIn));
    }

    private ToDoubleFunction<String> receiverKey(Map<String, Demand> demands, Map<String, Integer> pods,
                                                 Set<String> onlyIn, Set<String> notIn) {
        return service -> {
            Demand d = demands.get(service);
            int n = pods.get(service);
            if ((onlyIn != null && !onlyIn.contains(service)) || (notIn != null && notIn.contains(service))
                    || n >= d.max()) {
                return Double.NaN;
            }
            return -(cost(d, n) - cost(d, n + 1));
        };
    }

    /** Services above their floor and minimum, the one whose cost rises least with one fewer pod first. */
    private Greedy givers(Map<String, Demand> demands, Map<String, Integer> pods, Map<String, Integer> floors,
                          String except, Set<String> onlyIn, Set<String> notIn) {
        return new Greedy(demands.keySet(), giverKey(demands, pods, floors, except, onlyIn, notIn));
    }

    private ToDoubleFunction<String> giverKey(Map<String, Demand> demands, Map<String, Integer> pods,
                                              Map<String, Integer> floors, String except, Set<String> onlyIn,
                                              Set<String> notIn) {
        return service -> {
            Demand d = demands.get(service);
            int n = pods.get(service);
            if (service.equals(except) || (onlyIn != null && !onlyIn.contains(service))
                    || (notIn != null && notIn.contains(service)) || n <= floors.get(service) || n <= d.min()) {
                return Double.NaN;
            }
            return cost(d, n - 1) - cost(d, n);
        };
    }

    /**
     * The greedy's next pick among services: the lowest key, then the first name, as a scan in name order with a
     * strict comparison would choose, but kept ordered so a pick after one service's change costs O(log n) instead
     * of a scan of every service (profiled: scanning made a 1,000-service decision with a 2,000-pod pool take
     * ~100 ms, almost all in the per-pod scans). The key function reads the caller's live maps; after changing a
     * service, the caller refreshes it. A NaN key means "not a candidate now".
     */
    private static final class Greedy {
        private record Candidate(double key, String service) {
        }

        private static final Comparator<Candidate> ORDER =
                Comparator.comparingDouble(Candidate::key).thenComparing(Candidate::service);

        private final ToDoubleFunction<String> key;
        private final TreeSet<Candidate> order = new TreeSet<>(ORDER);
        private final HashMap<String, Candidate> entries = new HashMap<>();

        Greedy(Iterable<String> services, ToDoubleFunction<String> key) {
            this.key = key;
            services.forEach(this::refresh);
        }

        String first() {
            return order.isEmpty() ? null : order.first().service();
        }

        /** The same pick by one scan, for a single choice where keeping an order would cost more than it saves. */
        static String best(Iterable<String> services, ToDoubleFunction<String> key) {
            Candidate best = null;
            for (String service : services) {
                double k = key.applyAsDouble(service) + 0.0;
                if (!Double.isNaN(k)) {
                    Candidate candidate = new Candidate(k, service);
                    if (best == null || ORDER.compare(candidate, best) < 0) {
                        best = candidate;
                    }
                }
            }
            return best == null ? null : best.service();
        }

        void refresh(String service) {
            Candidate old = entries.remove(service);
            if (old != null) {
                order.remove(old);
            }
            double k = key.applyAsDouble(service) + 0.0; // + 0.0 turns -0.0 into 0.0: equal gains tie by name
            if (!Double.isNaN(k)) {
                Candidate candidate = new Candidate(k, service);
                order.add(candidate);
                entries.put(service, candidate);
            }
        }
    }

    /** Predicted number in system of a service on n pods; unstable queues cost a penalty falling with n. */
    double cost(Demand demand, int pods) {
        int servers = pods * demand.concurrency();
        if (demand.offeredLoad() == 0) {
            return 0;
        }
        if (servers <= demand.offeredLoad()) {
            return UNSTABLE * (1 + demand.offeredLoad() - servers);
        }
        return demand.weight() * MmcQueue.meanInSystem(demand.offeredLoad(), servers);
    }

    private double total(SortedMap<String, Demand> demands, Map<String, Integer> pods) {
        double sum = 0;
        for (Map.Entry<String, Demand> entry : demands.entrySet()) {
            int servers = pods.get(entry.getKey()) * entry.getValue().concurrency();
            double a = entry.getValue().offeredLoad();
            if (a > 0 && servers <= a) {
                return Double.POSITIVE_INFINITY;
            }
            sum += a == 0 ? 0 : MmcQueue.meanInSystem(a, servers);
        }
        return sum;
    }

    private static void note(Map<String, StringBuilder> why, String service, String text) {
        StringBuilder line = why.get(service);
        if (line.length() > 0) {
            line.append("; ");
        }
        line.append(text);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
