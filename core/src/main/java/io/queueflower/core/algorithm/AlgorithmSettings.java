package io.queueflower.core.algorithm;

import io.queueflower.core.estimate.ExclusiveTimeMode;
import io.queueflower.core.sla.SlaTable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every setting of the scaling algorithms, typed, with the defaults of the QueueFlower paper and reference.
 *
 * @param algorithm         which algorithm decides (default queueflower)
 * @param freePool          F, pods shared out beyond the base replicas (default 16: the paper's 8 services × 3 − 8)
 * @param baseReplicas      replicas every service gets before the pool (default 1, the reference's {@code pod_num + 1})
 * @param variant           QueueFlower variant (default prop-sla2)
 * @param estimator         QueueFlower queue estimator (default reference)
 * @param weights           blocking weights (default 0.5, 0.3, 0.2)
 * @param clipViolations    count only positive per-(service, flow) violations (default true; false for reference parity)
 * @param leftover          leftover-pod rule (default largest-remainder)
 * @param seed              seed of the random leftover rule
 * @param exclusiveTimeMode which exclusive time the window estimates use (default reference); for the Kafka layer
 * @param averageSla        average SLAs per (service, flow), ms
 * @param tailSla           tail SLAs per (service, flow), ms
 * @param excludedServices  services never scaled (the reference skips the frontend); their exclusive time still counts
 *                          in the flows' latency sums
 * @param bounds            per-service min/max clamps
 * @param hab               HAB parameters
 * @param hpa               HPA parameters
 * @param balanced          parameters of the balanced QueueFlower variant
 * @param staticReplicas    static algorithm: service → replicas; empty means an even split of Σ base + F
 */
public record AlgorithmSettings(
        AlgorithmKind algorithm,
        int freePool,
        int baseReplicas,
        Variant variant,
        Estimator estimator,
        Weights weights,
        boolean clipViolations,
        LeftoverRule leftover,
        long seed,
        ExclusiveTimeMode exclusiveTimeMode,
        SlaTable averageSla,
        SlaTable tailSla,
        SortedSet<String> excludedServices,
        AllocationBounds bounds,
        HabSettings hab,
        HpaSettings hpa,
        BalancedSettings balanced,
        SortedMap<String, Integer> staticReplicas) {

    public AlgorithmSettings {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(exclusiveTimeMode, "exclusiveTimeMode");
        Objects.requireNonNull(hab, "hab");
        Objects.requireNonNull(hpa, "hpa");
        Objects.requireNonNull(balanced, "balanced");
        // The parts check themselves: the pool and the paper's QueueFlower settings.
        new ProportionalSettings(variant, estimator, weights, clipViolations, leftover, seed, averageSla, tailSla);
        excludedServices = new PodPool(freePool, baseReplicas, excludedServices, bounds).excludedServices();
        TreeMap<String, Integer> fixed = new TreeMap<>(Objects.requireNonNull(staticReplicas, "staticReplicas"));
        fixed.forEach((service, replicas) -> {
            if (replicas == null || replicas < 0) {
                throw new IllegalArgumentException("static replicas of " + service + " must be >= 0, got " + replicas);
            }
        });
        staticReplicas = Collections.unmodifiableSortedMap(fixed);
    }

    /** The defaults. */
    public static AlgorithmSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The pods to share out and who may get them: what every algorithm takes. */
    public PodPool pool() {
        return new PodPool(freePool, baseReplicas, excludedServices, bounds);
    }

    /** The paper's QueueFlower's part of these settings. */
    public ProportionalSettings proportional() {
        return new ProportionalSettings(variant, estimator, weights, clipViolations, leftover, seed, averageSla,
                tailSla);
    }

    /** Mutable builder; every setter has the default shown on the record. */
    public static final class Builder {
        private AlgorithmKind algorithm = AlgorithmKind.QUEUEFLOWER;
        private int freePool = 16;
        private int baseReplicas = 1;
        private Variant variant = Variant.PROP_SLA2;
        private Estimator estimator = Estimator.REFERENCE;
        private Weights weights = Weights.DEFAULT;
        private boolean clipViolations = true;
        private LeftoverRule leftover = LeftoverRule.LARGEST_REMAINDER;
        private long seed = 42;
        private ExclusiveTimeMode exclusiveTimeMode = ExclusiveTimeMode.REFERENCE;
        private SlaTable averageSla = SlaTable.empty();
        private SlaTable tailSla = SlaTable.empty();
        private Set<String> excludedServices = Set.of();
        private AllocationBounds bounds = AllocationBounds.NONE;
        private HabSettings hab = HabSettings.DEFAULT;
        private HpaSettings hpa = HpaSettings.DEFAULT;
        private BalancedSettings balanced = BalancedSettings.DEFAULT;
        private Map<String, Integer> staticReplicas = Map.of();

        private Builder() {
        }

        private Builder(AlgorithmSettings c) {
            algorithm = c.algorithm;
            freePool = c.freePool;
            baseReplicas = c.baseReplicas;
            variant = c.variant;
            estimator = c.estimator;
            weights = c.weights;
            clipViolations = c.clipViolations;
            leftover = c.leftover;
            seed = c.seed;
            exclusiveTimeMode = c.exclusiveTimeMode;
            averageSla = c.averageSla;
            tailSla = c.tailSla;
            excludedServices = c.excludedServices;
            bounds = c.bounds;
            hab = c.hab;
            hpa = c.hpa;
            balanced = c.balanced;
            staticReplicas = c.staticReplicas;
        }

        public Builder algorithm(AlgorithmKind value) { algorithm = value; return this; }
        public Builder freePool(int value) { freePool = value; return this; }
        public Builder baseReplicas(int value) { baseReplicas = value; return this; }
        public Builder variant(Variant value) { variant = value; return this; }
        public Builder estimator(Estimator value) { estimator = value; return this; }
        public Builder weights(Weights value) { weights = value; return this; }
        public Builder clipViolations(boolean value) { clipViolations = value; return this; }
        public Builder leftover(LeftoverRule value) { leftover = value; return this; }
        public Builder seed(long value) { seed = value; return this; }
        public Builder exclusiveTimeMode(ExclusiveTimeMode value) { exclusiveTimeMode = value; return this; }
        public Builder averageSla(SlaTable value) { averageSla = value; return this; }
        public Builder tailSla(SlaTable value) { tailSla = value; return this; }
        public Builder excludedServices(Set<String> value) { excludedServices = value; return this; }
        public Builder bounds(AllocationBounds value) { bounds = value; return this; }
        public Builder hab(HabSettings value) { hab = value; return this; }
        public Builder hpa(HpaSettings value) { hpa = value; return this; }
        public Builder balanced(BalancedSettings value) { balanced = value; return this; }
        public Builder staticReplicas(Map<String, Integer> value) { staticReplicas = value; return this; }

        public AlgorithmSettings build() {
            return new AlgorithmSettings(algorithm, freePool, baseReplicas, variant, estimator, weights, clipViolations,
                    leftover, seed, exclusiveTimeMode, averageSla, tailSla, new TreeSet<>(excludedServices), bounds, hab,
                    hpa, balanced, new TreeMap<>(staticReplicas));
        }
    }
}
