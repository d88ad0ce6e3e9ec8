package io.queueflower.loadgen.http;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What a run measured, for all requests or for one request type.
 *
 * @param requests             requests sent
 * @param responses            complete responses, whatever their status
 * @param errors               non-2xx responses plus requests without a response
 * @param errorsByKind         the errors by {@link FailureKind}
 * @param achievedRate         responses per second of the run (from its start to its last response, at least the
 *                             planned duration)
 * @param latencyMs            latency from each request's intended send time (coordinated-omission corrected)
 * @param uncorrectedLatencyMs latency from each request's actual send time, as a closed-loop tool would report it
 */
@JsonPropertyOrder({"requests", "responses", "errors", "errorsByKind", "achievedRate", "latencyMs",
        "uncorrectedLatencyMs", "intervals"})
public record TypeReport(long requests, long responses, long errors, Map<String, Long> errorsByKind,
                         double achievedRate, LatencySummary latencyMs, LatencySummary uncorrectedLatencyMs,
                         List<IntervalStats> intervals) {
}
