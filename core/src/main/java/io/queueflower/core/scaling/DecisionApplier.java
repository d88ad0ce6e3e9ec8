package io.queueflower.core.scaling;

import io.queueflower.core.safety.Allowlist;
import io.queueflower.core.safety.DecisionLedger;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.safety.SafetyPolicy;
import io.queueflower.core.safety.ScalePlan;
import io.queueflower.core.scaling.ScaleReport.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one decision to the cluster, Deployment by Deployment, under every safety rule, and reports what happened
 * to each. Knows nothing of Kafka or of any Kubernetes client: the cluster is a {@link ReplicaTarget}.
 *
 * <p>Order of checks per Deployment, cheapest and most protective first: the ledger (duplicate or stale decision),
 * the allowlist by name (no API call at all for a forged namespace or name), the allowlist by labels, the HPA check,
 * then read, plan, write. Only the write is skipped in dry-run.
 */
public final class DecisionApplier {
    private static final Logger log = LoggerFactory.getLogger(DecisionApplier.class);

    /** Behaviour switches. {@code readinessTimeout} zero disables the readiness wait. */
    public record Settings(boolean dryRun, boolean overrideHpa, Duration readinessTimeout) {
        public Settings {
            Objects.requireNonNull(readinessTimeout, "readinessTimeout");
            if (readinessTimeout.isNegative()) {
                throw new IllegalArgumentException("readiness timeout must not be negative, got " + readinessTimeout);
            }
        }
    }

    private final Allowlist allowlist;
    private final SafetyPolicy policy;
    private final DecisionLedger ledger;
    private final ReplicaTarget target;
    private final DeploymentFacts facts;
    private final AvailabilityWatch availability;
    private final RetryPolicy retry;
    private final Settings settings;
    private final WriteGate gate;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    /**
     * The one way the apps build an applier: the rules and the target are required, everything else has the default
     * an in-process actuator wants (no dry run, no readiness wait, writes always allowed, the system clock, a
     * 1,000-decision ledger). The scaler app starts from {@code ScalerConfig.applier(...)}, which sets its retry
     * policy and settings from its keys.
     */
    public static Builder builder(Allowlist allowlist, SafetyPolicy policy, ReplicaTarget target, DeploymentFacts facts) {
        return new Builder(allowlist, policy, target, facts);
    }

    /** Optional parts of a {@link DecisionApplier}; see {@link #builder}. */
    public static final class Builder {
        private final Allowlist allowlist;
        private final SafetyPolicy policy;
        private final ReplicaTarget target;
        private final DeploymentFacts facts;
        private DecisionLedger ledger = new DecisionLedger(1000);
        private AvailabilityWatch availability;
        private RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(10), 0.2);
        private Settings settings = new Settings(false, false, Duration.ZERO);
        private WriteGate gate = WriteGate.ALWAYS_OPEN;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.REAL;
        private DoubleSupplier random = Math::random;

        private Builder(Allowlist allowlist, SafetyPolicy policy, ReplicaTarget target, DeploymentFacts facts) {
            this.allowlist = Objects.requireNonNull(allowlist, "allowlist");
            this.policy = Objects.requireNonNull(policy, "policy");
            this.target = Objects.requireNonNull(target, "target");
            this.facts = Objects.requireNonNull(facts, "facts");
        }

        public Builder ledger(DecisionLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /** Where a scale-up waits for ready pods (with {@link Settings#readinessTimeout()} above zero). */
        public Builder availability(AvailabilityWatch availability) {
            this.availability = availability;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        public Builder settings(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder gate(WriteGate gate) {
            this.gate = Objects.requireNonNull(gate, "gate");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public DecisionApplier build() {
            return new DecisionApplier(allowlist, policy, ledger, target, facts, availability, retry, settings, gate,
                    clock, sleeper, random);
        }
    }

    public DecisionApplier(Allowlist allowlist, SafetyPolicy policy, DecisionLedger ledger, ReplicaTarget target,
                           DeploymentFacts facts, AvailabilityWatch availability, RetryPolicy retry, Settings settings,
                           WriteGate gate, Clock clock, Sleeper sleeper, DoubleSupplier random) {
        this.allowlist = allowlist;
        this.policy = policy;
        this.ledger = ledger;
        this.target = target;
        this.facts = facts;
        this.availability = availability;
        this.retry = retry;
        this.settings = settings;
        this.gate = gate;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /**
     * Handles one decision completely and returns one report per target, in Deployment-name order.
     *
     * @throws LeadershipLostException when leadership was lost before a write; nothing further was written and the
     *                                 decision is not recorded as handled
     */
    public List<ScaleReport> apply(ScaleRequest decision) throws LeadershipLostException, InterruptedException {
        DecisionLedger.Verdict verdict = ledger.check(decision.namespace(), decision.decisionId(), decision.windowEnd());
        if (!(verdict instanceof DecisionLedger.Verdict.Fresh)) {
            String reason = verdict instanceof DecisionLedger.Verdict.Duplicate d ? "duplicate: " + d.reason()
                    : "stale: " + ((DecisionLedger.Verdict.Stale) verdict).reason();
            List<ScaleReport> skipped = new ArrayList<>();
            decision.targets().forEach((deployment, requested) -> skipped.add(report(decision, deployment, null,
                    requested, null, Outcome.SKIPPED, null, reason, 0, System.nanoTime())));
            return skipped;
        }

        List<Attempt> attempts = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : decision.targets().entrySet()) {
            attempts.add(applyOne(decision, entry.getKey(), entry.getValue()));
        }
        List<ScaleReport> reports = awaitReadiness(attempts);
        ledger.record(decision.namespace(), decision.decisionId(), decision.windowEnd());
        return reports;
    }

    /**
     * One Deployment's attempt, possibly still waiting for its replicas to become available: {@code availability} is
     * the watch's own future (cancelled on timeout, so the watch forgets the wait) and {@code availableAtNanos} when it
     * completed.
     */
    private record Attempt(ScaleReport report, CompletableFuture<Void> availability,
                           CompletableFuture<Long> availableAtNanos, long writtenAtNanos) {
    }

    private Attempt applyOne(ScaleRequest decision, String deployment, int requested)
            throws LeadershipLostException, InterruptedException {
        long started = System.nanoTime();
        DeploymentRef ref;
        try {
            ref = new DeploymentRef(decision.namespace(), deployment);
        } catch (IllegalArgumentException e) {
            return done(report(decision, deployment, null, requested, null, Outcome.REFUSED, null, e.getMessage(), 0,
                    started));
        }
        if (requested < 0) {
            return done(report(decision, deployment, null, requested, null, Outcome.REFUSED, null,
                    "target " + requested + " is negative", 0, started));
        }
        Calls calls = new Calls(ref);
        Integer previous = null;
        try {
            Allowlist.Verdict allowed = allowlist.byName(ref);
            if (allowed instanceof Allowlist.Verdict.NeedsLabels) {
                Map<String, String> labels = calls.call("read labels", () -> facts.labels(ref));
                allowed = allowlist.byLabels(ref, labels);
            }
            if (allowed instanceof Allowlist.Verdict.Refused refused) {
                log.warn("Refused decision {} for {}: {}", decision.decisionId(), ref, refused.reason());
                return done(report(decision, deployment, null, requested, null, Outcome.REFUSED, null,
                        refused.reason(), calls.attempts, started));
            }
            if (!settings.overrideHpa()) {
                Optional<String> hpa = calls.call("look up HorizontalPodAutoscalers", () -> facts.horizontalPodAutoscaler(ref));
                if (hpa.isPresent()) {
                    return done(report(decision, deployment, null, requested, null, Outcome.SKIPPED, null,
                            "managed by HorizontalPodAutoscaler " + hpa.get()
                                    + "; the two would fight (set scaler.override.hpa=true to scale it anyway)",
                            calls.attempts, started));
                }
            }
            Instant at = Instant.ofEpochMilli(decision.windowEnd());
            int current = calls.call("read replicas", () -> target.currentReplicas(ref));
            previous = current;
            ScalePlan plan = policy.plan(ref, at, current, requested);
            while (true) {
                if (!plan.changesReplicas()) {
                    return done(report(decision, deployment, previous, requested, null, Outcome.UNCHANGED,
                            plan.clampedByText(), null, calls.attempts, started));
                }
                if (settings.dryRun()) {
                    log.info("Dry run: would scale {} from {} to {} (decision {}, requested {}, clamped by {})",
                            ref, previous, plan.target(), decision.decisionId(), requested, plan.clampedByText());
                    return done(report(decision, deployment, previous, requested, plan.target(), Outcome.DRY_RUN,
                            plan.clampedByText(), null, calls.attempts, started));
                }
                gate.checkMayWrite();
                try {
                    target.setReplicas(ref, plan.target());
                } catch (ReplicaTargetException e) {
                    if (!e.kind().retryable() || !calls.mayRetry()) {
                        throw e;
                    }
                    calls.backOff(e);
                    if (e.kind() == ReplicaTargetException.Kind.CONFLICT) {
                        // The count changed since it was read. If it is now our target (an earlier try that timed
                        // out did get through), we are done; otherwise someone else moved it and the plan, made for
                        // a stale count, is made again. Other errors retry the same absolute write unchanged, so
                        // one decision never moves a Deployment by more than one step.
                        int now = calls.call("re-read replicas", () -> target.currentReplicas(ref));
                        if (now != plan.target()) {
                            previous = now;
                            plan = policy.plan(ref, at, now, requested);
                            continue;
                        }
                    } else {
                        continue;
                    }
                }
                long written = System.nanoTime();
                log.info("Scaled {} from {} to {} (decision {}, requested {}, clamped by {})", ref, previous,
                        plan.target(), decision.decisionId(), requested, plan.clampedByText());
                ScaleReport report = report(decision, deployment, previous, requested, plan.target(), Outcome.APPLIED,
                        plan.clampedByText(), null, calls.attempts, started);
                if (settings.readinessTimeout().isZero() || availability == null) {
                    return done(report);
                }
                CompletableFuture<Void> wait = availability.whenAvailable(ref, plan.target());
                return new Attempt(report, wait, wait.thenApply(v -> System.nanoTime()), written);
            }
        } catch (ReplicaTargetException e) {
            Outcome outcome = switch (e.kind()) {
                case NOT_FOUND, FORBIDDEN -> Outcome.SKIPPED;
                default -> Outcome.FAILED;
            };
            String error = switch (e.kind()) {
                case NOT_FOUND -> "not found: " + e.getMessage();
                case FORBIDDEN -> "forbidden: " + e.getMessage();
                default -> e.kind().retryable()
                        ? "gave up after " + calls.attempts + " attempts: " + e.getMessage() : e.getMessage();
            };
            if (outcome == Outcome.FAILED) {
                log.warn("Failed to apply decision {} to {}: {}", decision.decisionId(), ref, error);
            } else {
                log.info("Skipped {} for decision {}: {}", ref, decision.decisionId(), error);
            }
            return done(report(decision, deployment, previous, requested, null, outcome, null, error, calls.attempts,
                    started));
        }
    }

    private List<ScaleReport> awaitReadiness(List<Attempt> attempts) throws InterruptedException {
        long deadline = System.nanoTime() + settings.readinessTimeout().toNanos();
        List<ScaleReport> reports = new ArrayList<>();
        for (Attempt attempt : attempts) {
            if (attempt.availableAtNanos() == null) {
                reports.add(attempt.report());
                continue;
            }
            try {
                long availableAt = attempt.availableAtNanos()
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                long ms = TimeUnit.NANOSECONDS.toMillis(Math.max(0, availableAt - attempt.writtenAtNanos()));
                reports.add(attempt.report().withReadiness(ms, null));
            } catch (TimeoutException e) {
                // Cancelling only the derived future would leave the wait registered in the watch until the
                // Deployment happens to reach this count, which for a count it never reaches is for ever.
                attempt.availability().cancel(false);
                reports.add(attempt.report().withReadiness(null, "replicas not available within "
                        + settings.readinessTimeout().toMillis() + " ms"));
            } catch (ExecutionException e) {
                reports.add(attempt.report().withReadiness(null, "readiness wait failed: " + e.getCause()));
            }
        }
        return reports;
    }

    private static Attempt done(ScaleReport report) {
        return new Attempt(report, null, null, 0);
    }

    private ScaleReport report(ScaleRequest decision, String deployment, Integer previous, int requested, Integer applied,
                               Outcome outcome, String clampedBy, String error, int attempts, long startedNanos) {
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        return new ScaleReport(decision.decisionId(), decision.namespace(), deployment, previous, requested, applied,
                outcome, clampedBy, error, attempts, durationMs, null, clock.millis());
    }

    @FunctionalInterface
    private interface ApiCall<T> {
        T call() throws ReplicaTargetException;
    }

    /** The API calls of one Deployment's attempt, sharing one retry budget. */
    private final class Calls {
        private final DeploymentRef ref;
        private int attempts = 1;

        Calls(DeploymentRef ref) {
            this.ref = ref;
        }

        <T> T call(String what, ApiCall<T> call) throws ReplicaTargetException, InterruptedException {
            while (true) {
                try {
                    return call.call();
                } catch (ReplicaTargetException e) {
                    if (!e.kind().retryable() || !mayRetry()) {
                        throw e;
                    }
                    log.debug("Retrying '{}' for {} after {}: {}", what, ref, e.kind(), e.getMessage());
                    backOff(e);
                }
            }
        }

        boolean mayRetry() {
            return attempts < retry.maxAttempts();
        }

        void backOff(ReplicaTargetException cause) throws InterruptedException {
            Duration delay = retry.delayBeforeRetry(attempts, random);
            attempts++;
            log.info("{} on {} ({}); attempt {} of {} in {} ms", cause.kind(), ref, cause.getMessage(), attempts,
                    retry.maxAttempts(), delay.toMillis());
            sleeper.sleep(delay);
        }
    }
}
