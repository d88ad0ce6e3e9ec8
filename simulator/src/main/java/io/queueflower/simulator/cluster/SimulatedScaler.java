package io.queueflower.simulator.cluster;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.core.safety.Allowlist;
import io.queueflower.core.safety.BoundsTable;
import io.queueflower.core.safety.ReplicaBounds;
import io.queueflower.core.safety.SafetyPolicy;
import io.queueflower.core.safety.ScaleStabilizer;
import io.queueflower.core.safety.StepLimiter;
import io.queueflower.core.scaling.DecisionApplier;
import io.queueflower.core.scaling.LeadershipLostException;
import io.queueflower.core.scaling.ScaleReport;
import io.queueflower.core.scaling.ScaleRequest;
import io.queueflower.scaler.config.ScalerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The scaler of a simulated cluster: the scaler app's own {@link DecisionApplier} (allowlist, bounds, step limits,
 * scale-down stabilisation, decision ledger) applying decisions to {@link SimulatedDeployments} through
 * {@link SimulatedCluster}. One actuator for every simulated loop: the experiments' closed loop, the demo and the
 * simulator that follows {@code qf.decisions}, so what they measure is what the scaler would do.
 */
public final class SimulatedScaler {
    /**
     * The safety rules, as the scaler app's keys name them.
     *
     * @param minReplicas       {@code scaler.replicas.min}
     * @param maxReplicas       {@code scaler.replicas.max}
     * @param maxStepUp         {@code scaler.max.step.up}
     * @param maxStepDown       {@code scaler.max.step.down}
     * @param stabilizationMs   {@code scaler.stabilization.window.ms}
     */
    public record Rules(int minReplicas, int maxReplicas, int maxStepUp, int maxStepDown, long stabilizationMs) {
        /** The scaler app's defaults. */
        public static Rules scalerDefaults() {
            Map<String, Object> defaults = ScalerConfig.DEFINITION.defaultValues();
            return new Rules((Integer) defaults.get(ScalerConfig.REPLICAS_MIN),
                    (Integer) defaults.get(ScalerConfig.REPLICAS_MAX),
                    (Integer) defaults.get(ScalerConfig.MAX_STEP_UP), (Integer) defaults.get(ScalerConfig.MAX_STEP_DOWN),
                    (Long) defaults.get(ScalerConfig.STABILIZATION_WINDOW_MS));
        }

        /** In the scaler's key=value terms, for reports. */
        public String describe() {
            return String.format("%s=%d, %s=%d, %s=%d, %s=%d, %s=%d", ScalerConfig.REPLICAS_MIN, minReplicas,
                    ScalerConfig.REPLICAS_MAX, maxReplicas, ScalerConfig.MAX_STEP_UP, maxStepUp,
                    ScalerConfig.MAX_STEP_DOWN, maxStepDown, ScalerConfig.STABILIZATION_WINDOW_MS, stabilizationMs);
        }
    }

    private final SimulatedDeployments deployments;
    private final Rules rules;
    private final DecisionApplier applier;

    public SimulatedScaler(SimulatedDeployments deployments, Rules rules) {
        this.deployments = Objects.requireNonNull(deployments, "deployments");
        this.rules = Objects.requireNonNull(rules, "rules");
        // Simulated writes neither fail nor wait: a few quick retries and no readiness wait. The ledger and the
        // stabiliser date decisions by their window end, i.e. in simulated time, as the real scaler dates them.
        this.applier = DecisionApplier.builder(
                new Allowlist(Set.of(deployments.namespace()), deployments.deployments().keySet(), Optional.empty()),
                new SafetyPolicy(BoundsTable.uniform(new ReplicaBounds(rules.minReplicas(), rules.maxReplicas())),
                        new StepLimiter(rules.maxStepUp(), rules.maxStepDown()),
                        new ScaleStabilizer(Duration.ofMillis(rules.stabilizationMs()))),
                new SimulatedCluster(deployments), SimulatedCluster.FACTS).build();
    }

    public Rules rules() {
        return rules;
    }

    public SimulatedDeployments deployments() {
        return deployments;
    }

    /** Applies one decision of this cluster's namespace; one report per target, in Deployment-name order. */
    public List<ScaleReport> apply(ScalingDecision decision) {
        if (!deployments.namespace().equals(decision.getNamespace())) {
            throw new IllegalArgumentException("decision " + decision.getDecisionId() + " is for namespace "
                    + decision.getNamespace() + ", the simulated cluster is namespace " + deployments.namespace());
        }
        try {
            return applier.apply(ScaleRequest.of(decision));
        } catch (LeadershipLostException e) {
            throw new IllegalStateException("the simulated cluster's write gate is always open", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying " + decision.getDecisionId(), e);
        }
    }
}
