package io.queueflower.loadgen.http;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.HdrHistogram.AbstractHistogram;

/** Latency percentiles in milliseconds, read from a histogram recorded in microseconds. */
@JsonPropertyOrder({"count", "p50", "p75", "p90", "p99", "p999", "p9999", "max", "mean", "stdev"})
public record LatencySummary(long count, double p50, double p75, double p90, double p99, double p999, double p9999,
                             double max, double mean, double stdev) {

    private static final double MICROS_PER_MILLI = 1000.0;

    public static LatencySummary of(AbstractHistogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(75)),
                ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getValueAtPercentile(99.99)),
                ms(micros.getMaxValue()), micros.getMean() / MICROS_PER_MILLI, micros.getStdDeviation() / MICROS_PER_MILLI);
    }

    private static double ms(long micros) {
        return micros / MICROS_PER_MILLI;
    }
}
