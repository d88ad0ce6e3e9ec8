package io.queueflower.loadgen.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One reporting interval (normally one second) of a run.
 *
 * @param targetRate   the rate the pattern asked for, averaged over the interval (overall only: a single type's
 *                     share of the schedule is random)
 * @param achievedRate responses completed in the interval per second
 * @param latencyMs    corrected latency of the responses completed in the interval
 */
@JsonPropertyOrder({"startSeconds", "endSeconds", "targetRate", "achievedRate", "requests", "responses", "errors", "latencyMs"})
public record IntervalStats(double startSeconds, double endSeconds, @JsonInclude(JsonInclude.Include.NON_NULL) Double targetRate, double achievedRate,
                            long requests, long responses, long errors, LatencySummary latencyMs) {
}
