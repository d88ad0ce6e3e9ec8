package io.queueflower.scaler.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.queueflower.core.scaling.ScaleReport;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The scaler's Prometheus metrics. */
public final class ScalerMetrics {
    private final Map<ScaleReport.Outcome, Counter> outcomes = new EnumMap<>(ScaleReport.Outcome.class);
    private final Counter retries;
    private final Counter deadLetters;
    private final Counter decisions;
    private final Counter abandoned;
    private final Timer decisionDuration;

    public ScalerMetrics(MeterRegistry registry) {
        for (ScaleReport.Outcome outcome : ScaleReport.Outcome.values()) {
            outcomes.put(outcome, Counter.builder("qf.scaler.scale.events")
                    .description("Scale attempts by outcome").tag("outcome", outcome.name()).register(registry));
        }
        retries = Counter.builder("qf.scaler.api.retries").description("Retried Kubernetes API calls")
                .register(registry);
        deadLetters = Counter.builder("qf.scaler.dead.letters").description("Malformed decisions sent to qf.dlq")
                .register(registry);
        decisions = Counter.builder("qf.scaler.decisions").description("Decisions fully handled and committed")
                .register(registry);
        abandoned = Counter.builder("qf.scaler.decisions.abandoned")
                .description("Decisions abandoned uncommitted (leadership lost or shutdown)").register(registry);
        decisionDuration = Timer.builder("qf.scaler.decision.duration")
                .description("Time to handle one decision, reports included").register(registry);
    }

    void reported(ScaleReport report) {
        outcomes.get(report.outcome()).increment();
        retries.increment(Math.max(0, report.attempts() - 1));
    }

    void handled(Duration took) {
        decisions.increment();
        decisionDuration.record(took);
    }

    void abandoned() {
        abandoned.increment();
    }

    void deadLettered() {
        deadLetters.increment();
    }
}
