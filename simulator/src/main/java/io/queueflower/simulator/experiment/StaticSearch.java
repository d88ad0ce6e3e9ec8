package io.queueflower.simulator.experiment;

import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.ServiceModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Finds a good static allocation of a fixed pod budget by measuring allocations on the simulator: the practical
 * optimum a static policy can reach, against which the dynamic policies are measured. Not proven optimal: a local
 * optimum of single-pod moves.
 *
 * <ol>
 *   <li>Start: the allocation that minimises the M/M/c estimate of Σ_services λ·W over the workload (rate sampled every
 *   10 s), built greedily pod by pod from {@code minPerService} each (Erlang C's W is convex in the servers, so the
 *   greedy is optimal for that estimate).</li>
 *   <li>Local search: each round ranks every move of one pod from one service to another by the estimate, measures
 *   the {@code candidatesPerRound} best on the simulator (full workload, the search seeds, common random numbers) and
 *   takes the best one if it lowers the measured mean end-to-end latency by more than {@code minImprovement}; it
 *   stops when a round finds nothing better or after {@code maxRounds}.</li>
 * </ol>
 */
public final class StaticSearch {
    private final ExperimentRunner runner;
    private final ExecutorService pool;
    private final List<Long> seeds;
    private final int candidatesPerRound;
    private final int maxRounds;
    private final double minImprovement;

    /** Outcome, with every measured allocation for the report. */
    public record Result(SortedMap<String, Integer> allocation, double meanLatencyMs, SortedMap<String, Integer> start,
                         double startLatencyMs, int evaluations, List<String> log) {
    }

    public StaticSearch(ExperimentRunner runner, ExecutorService pool, List<Long> seeds, int candidatesPerRound,
                        int maxRounds, double minImprovement) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("the search needs at least one seed");
        }
        this.runner = runner;
        this.pool = pool;
        this.seeds = List.copyOf(seeds);
        this.candidatesPerRound = candidatesPerRound;
        this.maxRounds = maxRounds;
        this.minImprovement = minImprovement;
    }

    public Result search(ExperimentWorkload workload, int totalPods, int minPerService) {
        AppModel model = runner.settings().model();
        Estimate estimate = new Estimate(model, workload);
        SortedMap<String, Integer> start = estimate.greedy(totalPods, minPerService);
        List<String> log = new ArrayList<>();
        SortedMap<String, Integer> current = start;
        double currentMs = measure(workload, List.of(current)).get(0);
        double startMs = currentMs;
        int evaluations = 1;
        log.add(String.format("start (M/M/c estimate) %s: %.1f ms", current, currentMs));
        for (int round = 1; round <= maxRounds; round++) {
            List<SortedMap<String, Integer>> moves = new ArrayList<>();
            for (String from : current.keySet()) {
                if (current.get(from) <= minPerService) {
                    continue;
                }
                for (String to : current.keySet()) {
                    if (!to.equals(from)) {
                        TreeMap<String, Integer> moved = new TreeMap<>(current);
                        moved.merge(from, -1, Integer::sum);
                        moved.merge(to, 1, Integer::sum);
                        moves.add(moved);
                    }
                }
            }
            moves.sort(Comparator.comparingDouble(estimate::cost).thenComparing(Object::toString));
            List<SortedMap<String, Integer>> candidates = moves.subList(0, Math.min(candidatesPerRound, moves.size()));
            List<Double> measured = measure(workload, candidates);
            evaluations += candidates.size();
            int best = 0;
            for (int i = 1; i < measured.size(); i++) {
                if (measured.get(i) < measured.get(best)) {
                    best = i;
                }
            }
            if (measured.isEmpty() || measured.get(best) >= currentMs * (1 - minImprovement)) {
                log.add(String.format("round %d: no move among %d candidates improves on %.1f ms", round,
                        candidates.size(), currentMs));
                break;
            }
            current = candidates.get(best);
            currentMs = measured.get(best);
            log.add(String.format("round %d: %s: %.1f ms", round, current, currentMs));
        }
        return new Result(current, currentMs, start, startMs, evaluations, log);
    }

    /** Mean latency of each allocation, averaged over the search seeds, measured in parallel. */
    private List<Double> measure(ExperimentWorkload workload, List<SortedMap<String, Integer>> allocations) {
        List<List<Future<Double>>> futures = new ArrayList<>();
        for (SortedMap<String, Integer> allocation : allocations) {
            List<Future<Double>> perSeed = new ArrayList<>();
            for (long seed : seeds) {
                perSeed.add(pool.submit(() -> runner.meanLatencyMs(workload, allocation, seed)));
            }
            futures.add(perSeed);
        }
        List<Double> means = new ArrayList<>();
        for (List<Future<Double>> perSeed : futures) {
            double sum = 0;
            for (Future<Double> future : perSeed) {
                try {
                    sum += future.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while measuring allocations", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("measuring an allocation failed: " + e.getCause(), e.getCause());
                }
            }
            means.add(sum / perSeed.size());
        }
        return means;
    }

    /** The M/M/c estimate of Σ λ·W over the workload; unstable services cost a penalty that grows with overload. */
    static final class Estimate {
        private final Map<String, Integer> concurrency = new TreeMap<>();
        /** Per 10 s sample: service → arrival rate λ and service → offered load λ·E[S]. */
        private final List<Map<String, Double>> lambdas = new ArrayList<>();
        private final List<Map<String, Double>> loads = new ArrayList<>();

        Estimate(AppModel model, ExperimentWorkload workload) {
            for (ServiceModel service : model.services().values()) {
                concurrency.put(service.name(), service.concurrencyPerPod());
            }
            int samples = Math.max(1, (int) Math.ceil(workload.durationSeconds() / 10));
            for (int i = 0; i < samples; i++) {
                Map<String, Double> lambda = new TreeMap<>();
                Map<String, Double> load = new TreeMap<>();
                model.services().keySet().forEach(s -> {
                    lambda.put(s, 0.0);
                    load.put(s, 0.0);
                });
                workload.flowRatesAt(model, Math.min(i * 10 + 5, workload.durationSeconds())).forEach((flow, rate) ->
                        model.flow(flow).root().visit(call -> {
                            lambda.merge(call.service(), rate, Double::sum);
                            load.merge(call.service(), rate * model.operation(call.service(), call.operation())
                                    .serviceTime().mean(), Double::sum);
                        }));
                lambdas.add(lambda);
                loads.add(load);
            }
        }

        double serviceCost(String service, int pods) {
            int servers = pods * concurrency.get(service);
            double cost = 0;
            for (int i = 0; i < lambdas.size(); i++) {
                double lambda = lambdas.get(i).get(service);
                double load = loads.get(i).get(service);
                if (lambda <= 0 || load <= 0) {
                    continue;
                }
                double s = load / lambda; // mean service time at this mix
                double wait = ErlangC.meanWait(servers, lambda, 1 / s);
                cost += Double.isInfinite(wait) ? 1e6 * (1 + load - servers) : lambda * (wait + s);
            }
            return cost;
        }

        double cost(Map<String, Integer> allocation) {
            double cost = 0;
            for (Map.Entry<String, Integer> entry : allocation.entrySet()) {
                cost += serviceCost(entry.getKey(), entry.getValue());
            }
            return cost;
        }

        SortedMap<String, Integer> greedy(int totalPods, int minPerService) {
            TreeMap<String, Integer> allocation = new TreeMap<>();
            concurrency.keySet().forEach(s -> allocation.put(s, minPerService));
            int left = totalPods - minPerService * allocation.size();
            if (left < 0) {
                throw new IllegalArgumentException(totalPods + " pods cannot give every service " + minPerService);
            }
            for (; left > 0; left--) {
                String best = null;
                double bestGain = Double.NEGATIVE_INFINITY;
                for (String service : allocation.keySet()) {
                    int pods = allocation.get(service);
                    double gain = serviceCost(service, pods) - serviceCost(service, pods + 1);
                    if (gain > bestGain) {
                        best = service;
                        bestGain = gain;
                    }
                }
                allocation.merge(best, 1, Integer::sum);
            }
            return allocation;
        }
    }
}
