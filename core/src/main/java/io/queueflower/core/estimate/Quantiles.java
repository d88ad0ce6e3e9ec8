package io.queueflower.core.estimate;

/**
 * Exact sample quantiles and the QueueFlower tail mean, on sorted samples.
 *
 * <p>{@link #linear} is the quantile pandas' {@code Series.quantile(p)} returns with its default
 * {@code interpolation='linear'} (numpy's {@code method='linear'}, Hyndman &amp; Fan type 7): the virtual index
 * {@code h = (n − 1)·p}, then interpolation between the order statistics around it, written the way numpy writes it
 * ({@code a + (b − a)·t} below {@code t = 0.5}, {@code b − (b − a)·(1 − t)} from there) so that ties with a sample value
 * come out as in the reference. Written by hand because the tail estimate must match the reference's pandas numbers,
 * and the sketch quantiles of HdrHistogram are bucketed approximations.
 */
public final class Quantiles {
    private Quantiles() {
    }

    /**
     * The p-quantile with linear interpolation.
     *
     * @param sorted ascending samples, at least one
     * @param p      in [0, 1]
     */
    public static double linear(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("quantile of an empty sample");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + p);
        }
        double h = (sorted.length - 1) * p;
        int below = (int) Math.floor(h);
        if (below >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double a = sorted[below];
        double b = sorted[below + 1];
        double t = h - below;
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /**
     * QueueFlower's tail estimate: the mean of the samples strictly above their p-quantile ({@link #linear}).
     *
     * <p>Deviation: when no sample lies strictly above the quantile (one sample, or ties at the top) pandas yields NaN,
     * which in the reference then turns the whole tail-violation term into NaN and so into nothing. Here the tail is
     * the quantile itself, which in that case equals the largest sample: the limit of "mean of the top values".
     *
     * @param sorted ascending samples, at least one
     */
    public static double tailMean(long[] sorted, double p) {
        double threshold = linear(sorted, p);
        double sum = 0;
        int count = 0;
        for (int i = sorted.length - 1; i >= 0 && sorted[i] > threshold; i--) {
            sum += sorted[i];
            count++;
        }
        return count == 0 ? threshold : sum / count;
    }

    /** Arithmetic mean of the samples, 0 for none. */
    public static double mean(long[] values) {
        if (values.length == 0) {
            return 0;
        }
        double sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum / values.length;
    }
}
