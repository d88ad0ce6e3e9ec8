package io.queueflower.simulator.experiment;

/**
 * A mean over seeds with its 95 % confidence half-width from Student's t (n − 1 degrees of freedom).
 *
 * @param mean      sample mean
 * @param halfWidth 95 % half-width; 0 for a single value
 * @param n         number of values
 */
public record MeanWithCi(double mean, double halfWidth, int n) {
    /** t(0.975, df) for df = 1..30; a table because no statistics library is on the class path for one quantile. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
            2.056, 2.052, 2.048, 2.045, 2.042};

    public static MeanWithCi of(double[] values) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("an estimate needs at least one value");
        }
        double mean = 0;
        for (double v : values) {
            mean += v / n;
        }
        if (n == 1) {
            return new MeanWithCi(mean, 0, 1);
        }
        double variance = 0;
        for (double v : values) {
            variance += (v - mean) * (v - mean) / (n - 1);
        }
        return new MeanWithCi(mean, t975(n - 1) * Math.sqrt(variance / n), n);
    }

    static double t975(int degreesOfFreedom) {
        return degreesOfFreedom <= T975.length ? T975[degreesOfFreedom - 1] : 1.960;
    }

    public double low() {
        return mean - halfWidth;
    }

    public double high() {
        return mean + halfWidth;
    }

    /** True when the two 95 % intervals do not overlap (a conservative test of a difference). */
    public boolean separatedFrom(MeanWithCi other) {
        return high() < other.low() || other.high() < low();
    }

    public String format(int decimals) {
        String pattern = "%." + decimals + "f";
        return n == 1 ? String.format(pattern, mean)
                : String.format(pattern + " ± " + pattern, mean, halfWidth);
    }
}
