package io.queueflower.core.algorithm;

import io.queueflower.avro.FlowStats;
import io.queueflower.avro.ScalingDecision;
import java.util.LinkedHashMap;
import java.util.Map;

/** Converts a {@link AlgorithmDecision} to the Avro {@link ScalingDecision} of the qf.decisions contract. */
public final class DecisionRecords {
    private DecisionRecords() {
    }

    /**
     * Converts.
     *
     * @param namespace           Kubernetes namespace the targets apply to
     * @param createdAtMs         wall-clock time the decision was computed
     * @param deploymentOfService service → Deployment name; a service without an entry uses its own name
     */
    public static ScalingDecision toAvro(AlgorithmDecision decision, String namespace, long createdAtMs,
                                         Map<String, String> deploymentOfService) {
        Map<String, String> deployments = new LinkedHashMap<>();
        Map<String, Integer> targets = new LinkedHashMap<>();
        decision.targets().forEach((service, replicas) -> {
            String deployment = deploymentOfService.getOrDefault(service, service);
            deployments.put(service, deployment);
            targets.put(deployment, replicas);
        });
        Map<String, Integer> current = new LinkedHashMap<>();
        decision.currentReplicas().forEach((service, replicas) ->
                current.put(deploymentOfService.getOrDefault(service, service), replicas));
        Map<String, FlowStats> flows = new LinkedHashMap<>();
        decision.flows().forEach((flow, stats) -> flows.put(flow, new FlowStats(stats.traces(), stats.meanMs(),
                stats.p90Ms(), stats.p99Ms(), stats.errors())));
        Map<String, String> parameters = new LinkedHashMap<>(decision.parameters());
        if (decision.note() != null) {
            parameters.put("note", decision.note());
        }
        ScalingDecision.Builder record = ScalingDecision.newBuilder()
                .setDecisionId(namespace + "/" + decision.algorithm() + "/" + decision.windowEndMs())
                .setNamespace(namespace)
                .setWindowStart(decision.windowStartMs())
                .setWindowEnd(decision.windowEndMs())
                .setCreatedAtMs(createdAtMs)
                .setAlgorithm(decision.algorithm())
                .setVariant(decision.variant())
                .setEstimator(decision.estimator())
                .setTargets(targets)
                .setCurrentReplicas(current)
                .setDeployments(deployments)
                .setFlows(flows)
                .setQueues(new LinkedHashMap<>())
                .setServiceQueue(new LinkedHashMap<>())
                .setTail(new LinkedHashMap<>())
                .setAvgViolation(new LinkedHashMap<>())
                .setTailViolation(new LinkedHashMap<>())
                .setBlocking(new LinkedHashMap<>())
                .setPhi(null)
                .setParameters(parameters)
                .setReasons(new LinkedHashMap<>());
        decision.explanation().record(record);
        return record.build();
    }
}
