package io.queueflower.simulator.experiment;

import io.queueflower.core.algorithm.AlgorithmKind;
import io.queueflower.core.algorithm.AlgorithmSettings;
import io.queueflower.core.algorithm.Estimator;
import io.queueflower.core.algorithm.HabSettings;
import io.queueflower.core.algorithm.HpaSettings;
import io.queueflower.core.algorithm.StaticAllocation;
import io.queueflower.core.algorithm.Variant;
import io.queueflower.core.sla.SlaTable;
import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.ServiceModel;
import io.queueflower.streams.config.StreamsAppConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The policies an experiment compares, by the names its reports use, configured alike: the same budget, SLAs from the
 * model, every service scaled.
 *
 * <ul>
 *   <li>{@code queueflower}: the streams app's defaults, whatever they resolve to (today the balanced variant), with
 *   the experiment's window, grace and pod start-up as its timing keys: so a run of {@code queueflower} always tests
 *   what users get.</li>
 *   <li>{@code queueflower/<variant>} and {@code queueflower/<variant>/<estimator>}: the same with the variant (and
 *   the prop variants' estimator) changed, e.g. the paper's {@code queueflower/prop-sla2/reference}.</li>
 *   <li>{@code hab}: HAB with the same capacity; its latency target R is the sum of the flows' average SLAs (the
 *   reference's 1500 ± 500 ms belongs to the paper's application), dead band ± 10 %; {@code hab/measured-rates}
 *   the same with each service's measured rate in place of the reference's constant λ_base.</li>
 *   <li>{@code hpa}: the Kubernetes HorizontalPodAutoscaler at 70 % CPU on the pods' measured CPU
 *   ({@code ClusterHpa}): what users compare with. No pod budget: compare its pod-seconds.</li>
 *   <li>{@code hpa-traces}: the streams app's {@code hpa} algorithm, the same rule on trace-estimated utilisation,
 *   deciding per window.</li>
 *   <li>{@code static-even}: the budget split evenly (the streams app's static even split).</li>
 *   <li>{@code static-best}: the best static allocation found by {@link StaticSearch} (added by the experiment).</li>
 * </ul>
 * A streams app algorithm's name may end in {@code +KEY=VALUE} pieces that set streams app keys for it alone, e.g.
 * {@code queueflower+balanced.max.moves=1000+balanced.min.gain=0}: how the diagnosis isolates one rule. A list
 * value separates its items with ';' there, e.g. {@code +pod.concurrency.overrides=a:2;b:4}.
 */
public final class Policies {
    /** What {@code experiment} compares without {@code --policies}. */
    public static final List<String> DEFAULT = List.of("queueflower", "queueflower/prop-sla2/reference",
            "queueflower/prop-sla/littles-law", "hab", "hpa", "hpa-traces", "static-even", "static-best");

    private Policies() {
    }

    /** The streams app's configuration for this experiment: its defaults plus the experiment's timing. */
    static StreamsAppConfig streamsDefaults(ExperimentSettings settings) {
        return streamsConfig(settings, Map.of());
    }

    /** The same with some streams app keys set (the {@code +key=value} of a policy name). */
    static StreamsAppConfig streamsConfig(ExperimentSettings settings, Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>();
        values.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, "mock://experiment");
        values.put(StreamsAppConfig.WINDOW_SIZE_MS, Long.toString(settings.loop().windowSizeMs()));
        values.put(StreamsAppConfig.WINDOW_GRACE_MS, Long.toString(settings.loop().graceMs()));
        values.put(StreamsAppConfig.POD_STARTUP_MS, Long.toString(Math.round(settings.actuationDelaySeconds() * 1000)));
        values.put(StreamsAppConfig.BASE_REPLICAS, Integer.toString(settings.baseReplicas()));
        values.put(StreamsAppConfig.FREE_PODS, Integer.toString(settings.freePool()));
        values.putAll(overrides);
        return new StreamsAppConfig(values);
    }

    /** The streams app's defaults with the model's SLAs, the baselines' parameters and this experiment's budget. */
    public static AlgorithmSettings baseConfig(ExperimentSettings settings) {
        return baseConfig(settings, Map.of());
    }

    static AlgorithmSettings baseConfig(ExperimentSettings settings, Map<String, String> overrides) {
        AppModel model = settings.model();
        double targetMs = model.flows().stream().filter(f -> f.weight() > 0)
                .mapToDouble(f -> f.averageSlaMs().orElse(0)).sum();
        HabSettings hab = targetMs > 0
                ? new HabSettings(targetMs, 0.1 * targetMs, HabSettings.DEFAULT.phiMin(), HabSettings.DEFAULT.phiMax(),
                HabSettings.DEFAULT.lambdaBase(), TimeUnit.MILLISECONDS)
                : HabSettings.DEFAULT;
        return streamsConfig(settings, overrides).algorithmSettings().toBuilder()
                .averageSla(SlaTable.of(model.slaTable(false)))
                .tailSla(SlaTable.of(model.slaTable(true)))
                .hab(hab)
                .hpa(new HpaSettings(0.7, 0.1, concurrency(model), 1,
                        overrides.getOrDefault(StreamsAppConfig.HPA_UTILIZATION, "queue").equals("sojourn")))
                .build();
    }

    static HpaSettings hpaParams(AppModel model) {
        return new HpaSettings(0.7, 0.1, concurrency(model), 1);
    }

    /**
     * The policy a report name stands for.
     *
     * @param staticBest the allocation of {@code static-best}, or null when it is not known (yet)
     * @throws IllegalArgumentException for a name that is none of the above, listing them
     */
    public static Policy resolve(String name, ExperimentSettings settings, SortedMap<String, Integer> staticBest) {
        String[] pieces = name.split("\\+");
        Map<String, String> overrides = new TreeMap<>();
        for (int i = 1; i < pieces.length; i++) {
            int equals = pieces[i].indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("policy '" + name + "': '" + pieces[i]
                        + "' is not KEY=VALUE (a streams app key, e.g. queueflower+balanced.min.gain=0)");
            }
            // ',' separates policies on the command line, so a list value separates its items with ';'
            overrides.put(pieces[i].substring(0, equals), pieces[i].substring(equals + 1).replace(';', ','));
        }
        AlgorithmSettings base;
        try {
            base = baseConfig(settings, overrides);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("policy '" + name + "': " + e.getMessage(), e);
        }
        String[] parts = pieces[0].split("/");
        if (!overrides.isEmpty() && !List.of("queueflower", "hab", "hpa-traces").contains(parts[0])) {
            throw new IllegalArgumentException("policy '" + name + "': only the streams app's algorithms (queueflower, "
                    + "hab, hpa-traces) take +KEY=VALUE");
        }
        try {
            switch (parts[0]) {
                case "queueflower" -> {
                    if (parts.length > 3) {
                        break;
                    }
                    AlgorithmSettings.Builder config = base.toBuilder().algorithm(AlgorithmKind.QUEUEFLOWER);
                    if (parts.length > 1) {
                        config.variant(Variant.fromConfigName(parts[1]));
                    }
                    if (parts.length > 2) {
                        config.estimator(Estimator.fromConfigName(parts[2]));
                    }
                    return new Policy.ClosedLoopPolicy(name, config.build());
                }
                case "hab" -> {
                    boolean measured = parts.length == 2 && parts[1].equals("measured-rates");
                    if (parts.length > 1 && !measured) {
                        break;
                    }
                    return new Policy.ClosedLoopPolicy(name, base.toBuilder().algorithm(AlgorithmKind.HAB)
                            .hab(base.hab().withMeasuredRates(measured)).build());
                }
                case "hpa" -> {
                    return new Policy.ClusterHpaPolicy(name, hpaParams(settings.model()));
                }
                case "hpa-traces" -> {
                    return new Policy.ClosedLoopPolicy(name, base.toBuilder().algorithm(AlgorithmKind.HPA).build());
                }
                case "static-even" -> {
                    return new Policy.StaticPolicy(name, evenSplit(settings));
                }
                case "static-best" -> {
                    if (staticBest == null) {
                        throw new IllegalStateException("static-best is only known after the search");
                    }
                    return new Policy.StaticPolicy(name, staticBest);
                }
                default -> {
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("policy '" + name + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unknown policy '" + name + "'; expected queueflower, "
                + "queueflower/<variant>[/<estimator>] (variants " + names(Variant.values()) + ", estimators "
                + names(Estimator.values()) + "), hab, hab/measured-rates, hpa, hpa-traces, static-even or static-best");
    }

    private static String names(io.queueflower.core.algorithm.ConfigNamed[] values) {
        List<String> names = new ArrayList<>();
        for (io.queueflower.core.algorithm.ConfigNamed value : values) {
            names.add(value.configName());
        }
        return String.join(", ", names);
    }

    /** The budget split as the streams app's static algorithm splits it. */
    public static SortedMap<String, Integer> evenSplit(ExperimentSettings settings) {
        return StaticAllocation.evenSplit(new ArrayList<>(new TreeMap<>(settings.model().services()).keySet()),
                settings.totalPods());
    }

    /** HPA takes one concurrency for all pods: the model's when uniform, else 1 (and the report says so). */
    static double concurrency(AppModel model) {
        List<Integer> values = model.services().values().stream().map(ServiceModel::concurrencyPerPod).distinct().toList();
        return values.size() == 1 ? values.get(0) : 1;
    }
}
