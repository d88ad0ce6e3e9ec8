package io.queueflower.simulator.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A whole experiment: for every workload, the static-best search, then every policy on every seed, summarised.
 *
 * @param settings    shared settings
 * @param policies    policy names ({@link Policies#resolve}), in report order
 * @param workloads   workloads, in report order
 * @param seeds       evaluation seeds (the same for every policy: common random numbers)
 * @param searchSeeds seeds of the static-best search, disjoint from the evaluation seeds so the search cannot fit
 *                    the evaluation's noise
 * @param threads     runs in parallel
 */
public record Experiment(ExperimentSettings settings, List<String> policies, List<ExperimentWorkload> workloads,
                         List<Long> seeds, List<Long> searchSeeds, int threads) {

    public Experiment {
        policies = List.copyOf(policies);
        if (policies.isEmpty() || policies.stream().distinct().count() != policies.size()) {
            throw new IllegalArgumentException("an experiment needs distinct policies, got " + policies);
        }
        for (String name : policies) {
            if (!name.equals("static-best")) {
                Policies.resolve(name, settings, null); // names the unknown policy before anything runs
            }
        }
        workloads = List.copyOf(workloads);
        seeds = List.copyOf(seeds);
        searchSeeds = List.copyOf(searchSeeds);
        for (Long seed : searchSeeds) {
            if (seeds.contains(seed)) {
                throw new IllegalArgumentException("search seed " + seed + " is also an evaluation seed");
            }
        }
        if (seeds.isEmpty() || threads < 1) {
            throw new IllegalArgumentException("an experiment needs seeds and at least one thread");
        }
    }

    /** One workload's outcome; {@code search} is null when static-best was not asked for. */
    public record WorkloadResult(ExperimentWorkload workload, StaticSearch.Result search, List<Policy> policies,
                                 Map<String, PolicySummary> summaries) {
    }

    public List<WorkloadResult> run(Consumer<String> progress) {
        ExperimentRunner runner = new ExperimentRunner(settings);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<WorkloadResult> results = new ArrayList<>();
            for (ExperimentWorkload workload : workloads) {
                StaticSearch.Result search = null;
                if (policies.contains("static-best")) {
                    progress.accept("workload " + workload.name() + ": searching the best static allocation");
                    search = new StaticSearch(runner, pool, searchSeeds, 8, 8, 0.003)
                            .search(workload, settings.totalPods(), Math.max(1, settings.baseReplicas()));
                    search.log().forEach(line -> progress.accept("  " + line));
                }
                List<Policy> policies = new ArrayList<>();
                for (String name : this.policies) {
                    policies.add(Policies.resolve(name, settings, search == null ? null : search.allocation()));
                }
                progress.accept("workload " + workload.name() + ": " + policies.size() + " policies x "
                        + seeds.size() + " seeds");
                Map<String, List<Future<RunResult>>> futures = new LinkedHashMap<>();
                for (Policy policy : policies) {
                    List<Future<RunResult>> runs = new ArrayList<>();
                    for (long seed : seeds) {
                        runs.add(pool.submit(() -> runner.run(workload, policy, seed)));
                    }
                    futures.put(policy.name(), runs);
                }
                Map<String, PolicySummary> summaries = new LinkedHashMap<>();
                for (Map.Entry<String, List<Future<RunResult>>> entry : futures.entrySet()) {
                    List<RunResult> runs = new ArrayList<>();
                    for (Future<RunResult> future : entry.getValue()) {
                        runs.add(get(future));
                    }
                    PolicySummary summary = PolicySummary.of(entry.getKey(), runs);
                    summaries.put(entry.getKey(), summary);
                    progress.accept(String.format("  %-32s mean %s ms, SLA violations %s %%", entry.getKey(),
                            summary.all().meanMs().format(1), summary.all().slaViolationPercent().format(2)));
                }
                results.add(new WorkloadResult(workload, search, policies, summaries));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run failed: " + e.getCause(), e.getCause());
        }
    }
}
