package io.queueflower.loadgen.http;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The result of a run: its settings, the totals over all request types (unwrapped into the top level of the JSON),
 * and the same per type.
 *
 * @param scheduled       requests the schedule had due within the duration
 * @param elapsedSeconds  from the start to the last response: at least the duration, longer when late requests
 *                        were still being sent or answered
 * @param unsent          of the scheduled requests, how many were still unsent one timeout after the end (the server
 *                        or the generator fell far behind)
 * @param cpuSeconds      CPU time this process used during the measured run (all threads; warm-up excluded)
 * @param correctedMicros the corrected latency histogram of all requests, in microseconds, for the percentile spectrum
 */
@JsonPropertyOrder({"url", "client", "pattern", "workload", "seed", "durationSeconds", "elapsedSeconds", "connections",
        "threads", "scheduled", "unsent", "cpuSeconds"})
public record RunReport(String url, String client, String pattern, String workload, long seed, double durationSeconds,
                        double elapsedSeconds, int connections, int threads, long scheduled, long unsent,
                        double cpuSeconds, @JsonUnwrapped TypeReport all, Map<String, TypeReport> byType,
                        @JsonIgnore Histogram correctedMicros) {
}
