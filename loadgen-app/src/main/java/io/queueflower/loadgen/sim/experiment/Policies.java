package io.queueflower.loadgen.sim.experiment;

import io.queueflower.loadgen.sim.model.AppModel;
import io.queueflower.loadgen.sim.model.ServiceModel;
import io.queueflower.streams.algorithm.AlgorithmConfig;
import io.queueflower.streams.algorithm.AlgorithmKind;
import io.queueflower.streams.algorithm.Estimator;
import io.queueflower.streams.algorithm.HabParams;
import io.queueflower.streams.algorithm.HpaParams;
import io.queueflower.streams.algorithm.Variant;
import io.queueflower.streams.sla.SlaTable;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The policies an experiment compares, configured alike: the same budget, SLAs from the model, every service scaled.
 *
 * <ul>
 *   <li>{@code queueflower/<variant>/<estimator>}: every variant with both estimators; base replicas and free pool
 *   from the budget.</li>
 *   <li>{@code hab}: HAB with the same capacity; its latency target R is the sum of the flows' average SLAs (the
 *   reference's 1500 ± 500 ms belongs to the paper's application), dead band ± 10 %.</li>
 *   <li>{@code hpa}: Kubernetes' rule at 70 % target utilisation on trace-estimated utilisation. It has no pod
 *   budget: it uses what it needs, so compare its pod-seconds.</li>
 *   <li>{@code static-even}: the budget split evenly (the streams app's static even split).</li>
 *   <li>{@code static-best}: the best static allocation found by {@link StaticSearch} (added by the experiment).</li>
 * </ul>
 */
public final class Policies {
    private Policies() {
    }

    public static AlgorithmConfig baseConfig(ExperimentSettings settings) {
        AppModel model = settings.model();
        double targetMs = model.flows().stream().filter(f -> f.weight() > 0)
                .mapToDouble(f -> f.averageSlaMs().orElse(0)).sum();
        HabParams hab = targetMs > 0
                ? new HabParams(targetMs, 0.1 * targetMs, HabParams.DEFAULT.phiMin(), HabParams.DEFAULT.phiMax(),
                HabParams.DEFAULT.lambdaBase(), TimeUnit.MILLISECONDS)
                : HabParams.DEFAULT;
        return AlgorithmConfig.builder()
                .freePool(settings.freePool())
                .baseReplicas(settings.baseReplicas())
                .averageSla(SlaTable.of(model.slaTable(false)))
                .tailSla(SlaTable.of(model.slaTable(true)))
                .hab(hab)
                .hpa(new HpaParams(0.7, 0.1, concurrency(model), 1))
                .build();
    }

    /** The dynamic policies and static-even, in report order. */
    public static List<Policy> standard(ExperimentSettings settings) {
        AlgorithmConfig base = baseConfig(settings);
        List<Policy> policies = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            for (Estimator estimator : Estimator.values()) {
                policies.add(new Policy.ClosedLoopPolicy("queueflower/" + variant.configName() + "/"
                        + estimator.configName(), base.toBuilder().algorithm(AlgorithmKind.QUEUEFLOWER)
                        .variant(variant).estimator(estimator).build()));
            }
        }
        policies.add(new Policy.ClosedLoopPolicy("hab", base.toBuilder().algorithm(AlgorithmKind.HAB).build()));
        policies.add(new Policy.ClosedLoopPolicy("hpa", base.toBuilder().algorithm(AlgorithmKind.HPA).build()));
        policies.add(new Policy.StaticPolicy("static-even", evenSplit(settings)));
        return policies;
    }

    /** floor(total / n) each, one more for the first total mod n services by name (as the streams app's static). */
    public static SortedMap<String, Integer> evenSplit(ExperimentSettings settings) {
        List<String> services = new ArrayList<>(new TreeMap<>(settings.model().services()).keySet());
        TreeMap<String, Integer> split = new TreeMap<>();
        int each = settings.totalPods() / services.size();
        int extra = settings.totalPods() % services.size();
        for (int i = 0; i < services.size(); i++) {
            split.put(services.get(i), each + (i < extra ? 1 : 0));
        }
        return split;
    }

    /** HPA takes one concurrency for all pods: the model's when uniform, else 1 (and the report says so). */
    static double concurrency(AppModel model) {
        List<Integer> values = model.services().values().stream().map(ServiceModel::concurrencyPerPod).distinct().toList();
        return values.size() == 1 ? values.get(0) : 1;
    }
}
