package io.queueflower.core.estimate;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A latency distribution in microseconds, on an HdrHistogram {@link Histogram}.
 *
 * <p>Precision: 3 significant decimal digits, so every recorded value is kept within 1/1024 (under 0.1%) of its true
 * value, and values below 2048 µs exactly; the range grows as needed (auto-resize). Memory is a few KiB per sketch for
 * latencies from µs to minutes.
 *
 * <p>Negative values (reference exclusive times under parallel fan-out) are recorded as 0, since the histogram cannot
 * hold them; the exact mean is kept elsewhere, so only sketch percentiles see the clip.
 */
public final class LatencySketch {
    static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram;

    public LatencySketch() {
        histogram = new Histogram(SIGNIFICANT_DIGITS);
        histogram.setAutoResize(true);
    }

    /** Records one value in µs (negatives as 0). */
    public void record(long micros) {
        histogram.recordValue(Math.max(0, micros));
    }

    /** Values recorded. */
    public long count() {
        return histogram.getTotalCount();
    }

    /** The value at a percentile (0-100) in µs: the top of the bucket that holds it; 0 when empty. */
    public long valueAtPercentileMicros(double percentile) {
        return histogram.getValueAtPercentile(percentile);
    }

    /**
     * Sketch approximation of the tail mean: the mean of the values in buckets strictly above the bucket of the
     * percentile, each value taken at its bucket's midpoint; the percentile value itself when no bucket lies above.
     * Within the sketch precision of the exact {@link Quantiles#tailMean}, except that pandas interpolates between
     * samples whereas a bucket boundary decides here.
     */
    public double tailMeanMicros(double percentile) {
        if (count() == 0) {
            return 0;
        }
        long threshold = valueAtPercentileMicros(percentile);
        double sum = 0;
        long n = 0;
        for (HistogramIterationValue value : histogram.recordedValues()) {
            if (value.getValueIteratedTo() > threshold) {
                sum += (double) histogram.medianEquivalentValue(value.getValueIteratedTo()) * value.getCountAtValueIteratedTo();
                n += value.getCountAtValueIteratedTo();
            }
        }
        return n == 0 ? threshold : sum / n;
    }

    /** Values above {@code micros}, to the sketch's precision (a bucket straddling the limit counts as not above). */
    public long countAbove(long micros) {
        if (count() == 0) {
            return 0;
        }
        return count() - histogram.getCountBetweenValues(0, Math.max(0, micros));
    }
}
