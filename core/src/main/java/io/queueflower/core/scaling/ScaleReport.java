package io.queueflower.core.scaling;

import io.queueflower.avro.ScaleEvent;
import io.queueflower.avro.ScaleOutcome;

/**
 * The outcome of one attempt to apply one Deployment's target from one decision (what becomes a ScaleEvent).
 *
 * <p>Namespace and Deployment are kept as given in the decision, even when they are not valid Kubernetes names,
 * so a refused forgery is reported under the name it tried to use.
 *
 * @param previous     replicas before the attempt; null when they could not be read
 * @param applied      replicas written, or that would have been written in dry-run; null when nothing was written
 * @param clampedBy    the safety rules that changed the target, comma-separated, or null
 * @param error        error or refusal reason, or null
 * @param attempts     API attempts, retries included
 * @param readyAfterMs with the readiness wait, ms until available replicas equalled the target; null otherwise
 */
public record ScaleReport(String decisionId, String namespace, String deployment, Integer previous, int requested, Integer applied,
                          Outcome outcome, String clampedBy, String error, int attempts, long durationMs,
                          Long readyAfterMs, long timestampMs) {
    /** Mirrors the ScaleOutcome of the Avro contract, kept here so the core does not depend on generated code. */
    public enum Outcome { APPLIED, UNCHANGED, DRY_RUN, REFUSED, SKIPPED, FAILED }

    /** The {@code namespace/deployment} key of qf.scale-events. */
    public String key() {
        return namespace + "/" + deployment;
    }

    ScaleReport withReadiness(Long ms, String readinessError) {
        return new ScaleReport(decisionId, namespace, deployment, previous, requested, applied, outcome, clampedBy,
                error == null ? readinessError : error, attempts, durationMs, ms, timestampMs);
    }


    /** This report as the {@code qf.scale-events} record (the scaler app and the simulated scaler publish it alike). */
    public ScaleEvent toScaleEvent() {
        return ScaleEvent.newBuilder().setDecisionId(decisionId).setNamespace(namespace).setDeployment(deployment)
                .setPrevious(previous).setRequested(requested).setApplied(applied)
                .setOutcome(ScaleOutcome.valueOf(outcome.name())).setClampedBy(clampedBy).setError(error)
                .setAttempts(attempts).setDurationMs(durationMs).setReadyAfterMs(readyAfterMs)
                .setTimestampMs(timestampMs).build();
    }
}
