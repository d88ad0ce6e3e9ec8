package io.queueflower.loadgen.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Renders runs for people (progress lines, a wrk2-style summary) and for programs (JSON). */
public final class HttpReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** wrk2 prints its spectrum with 5 ticks per half distance, values scaled from µs to ms. */
    private static final int TICKS_PER_HALF_DISTANCE = 5;
    private static final double MICROS_PER_MILLI = 1000.0;
    private static final double[] HEADLINE_PERCENTILES = {50, 75, 90, 99, 99.9, 99.99, 99.999, 100};

    private HttpReportWriter() {
    }

    /** One line per interval: achieved and target rate, errors so far, p50/p99 of all requests so far. */
    public static String progressLine(IntervalStats interval, long errorsSoFar, LatencySummary soFar) {
        return String.format(Locale.ROOT, "[%6.1fs] %9.1f req/s (target %9.1f)  errors %d  p50 %s  p99 %s (so far)",
                interval.endSeconds(), interval.achievedRate(),
                interval.targetRate() == null ? Double.NaN : interval.targetRate(), errorsSoFar,
                millis(soFar.p50()), millis(soFar.p99()));
    }

    /** The end-of-run summary in wrk2's layout, including the HdrHistogram percentile spectrum. */
    public static void printSummary(RunReport report, PrintStream out) {
        out.printf(Locale.ROOT, "Running %s test @ %s%n", formatSeconds(report.durationSeconds()), report.url());
        out.printf(Locale.ROOT, "  %d threads and %d connections, client %s, pattern %s, workload %s, seed %d%n",
                report.threads(), report.connections(), report.client(), report.pattern(), report.workload(), report.seed());
        out.println("  Latency Distribution (HdrHistogram - Recorded Latency)");
        for (double p : HEADLINE_PERCENTILES) {
            long micros = report.correctedMicros().getTotalCount() == 0 ? 0 : report.correctedMicros().getValueAtPercentile(p);
            out.printf(Locale.ROOT, "%7.3f%%  %10s%n", p, millis(micros / MICROS_PER_MILLI));
        }
        out.println();
        out.println("  Detailed Percentile spectrum:");
        if (report.correctedMicros().getTotalCount() > 0) {
            report.correctedMicros().outputPercentileDistribution(out, TICKS_PER_HALF_DISTANCE, MICROS_PER_MILLI);
        }
        out.println("----------------------------------------------------------");
        TypeReport all = report.all();
        out.printf(Locale.ROOT, "  %d requests in %s, %d responses, %d errors, %d due but unsent%n",
                all.requests(), formatSeconds(report.elapsedSeconds()), all.responses(), all.errors(), report.unsent());
        if (!all.errorsByKind().isEmpty()) {
            out.println("  Errors by kind: " + all.errorsByKind());
        }
        out.printf(Locale.ROOT, "  Uncorrected (closed-loop view): p50 %s  p99 %s  max %s%n",
                millis(all.uncorrectedLatencyMs().p50()), millis(all.uncorrectedLatencyMs().p99()),
                millis(all.uncorrectedLatencyMs().max()));
        for (Map.Entry<String, TypeReport> e : report.byType().entrySet()) {
            TypeReport type = e.getValue();
            out.printf(Locale.ROOT, "  %-10s %9d requests %6d errors  p50 %s  p99 %s  max %s%n", e.getKey(),
                    type.requests(), type.errors(), millis(type.latencyMs().p50()), millis(type.latencyMs().p99()),
                    millis(type.latencyMs().max()));
        }
        out.printf(Locale.ROOT, "Requests/sec: %10.2f (target %.2f)%n", all.achievedRate(),
                report.scheduled() / report.durationSeconds());
        out.printf(Locale.ROOT, "CPU: %.2f s (%.1f µs per request)%n", report.cpuSeconds(),
                all.requests() == 0 ? 0.0 : report.cpuSeconds() * 1e6 / all.requests());
    }

    public static void writeJson(RunReport report, Path file) throws IOException {
        JSON.writeValue(file.toFile(), report);
    }

    public static String toJson(RunReport report) throws IOException {
        return JSON.writeValueAsString(report);
    }

    private static String millis(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2fs", ms / 1000) : String.format(Locale.ROOT, "%.3fms", ms);
    }

    private static String formatSeconds(double seconds) {
        return String.format(Locale.ROOT, "%.2fs", seconds);
    }
}
