package io.queueflower.core.algorithm;

/**
 * Parameters of the balanced QueueFlower ({@link BalancedQueueFlower}).
 *
 * @param floorUtilization  stability floor: a service gets at least ceil(a / (k·floorUtilization)) pods for its
 *                          estimated offered load a, so no service is planned above this utilisation while the budget
 *                          allows (default 0.85)
 * @param minGain           hysteresis: a pod moves from one service to another only when the predicted drop of the
 *                          total number in system exceeds this fraction of it (default 0.08)
 * @param reversalFactor    a move that undoes the direction a service was moved in within the last two windows
 *                          needs this many times {@code minGain} (default 3): that move's effect is only partly in
 *                          the windows that judge it
 * @param maxMoves          at most this many pods change service in one decision, beyond the floors (default 4)
 * @param smoothing         weight of the newest window in the service-time estimate, an exponentially weighted mean
 *                          across windows (default 0.5; 1 = no memory)
 * @param saturation        a window whose queue implies a utilisation at or above this is saturated: its load is
 *                          taken as {@code overloadGrowth} times its servers, since a queue that grows without bound
 *                          says only that the load exceeds the capacity (default 0.95)
 * @param overloadGrowth    see {@code saturation} (default 2)
 * @param concurrency       servers per pod k in the queue model: requests one pod works on at once (default 1);
 *                          {@code concurrencyOverrides} says it per service
 * @param planUtilization   the pods beyond the floors are placed as if every service's load had grown alike until
 *                          the budget ran at this utilisation (default 0.5); see {@link BalancedAllocator}
 * @param hedgeUtilization  pods the floors leave spare first keep each service able to carry its recent peak load
 *                          at this utilisation (default 0.9); see {@link BalancedAllocator}
 * @param peakMemorySeconds how long a peak load is remembered: it decays by e^(−T/memory) per window of length T
 *                          (default 0: no hedge)
 * @param trendWindows      a rise of λ since the previous window is planned for this many times over (default 2);
 *                          see {@link OfferedLoad}
 * @param settleSeconds     how long after its window's end a decision's change has fully taken effect: the window
 *                          grace (when it is applied) plus the pods' start-up (default 30 s: 10 s grace, 20 s
 *                          start-up); windows that start earlier are mixed for the changed service
 * @param flowWeight        exponent γ of the flow weight: a service's requests in system count (E_f/E)^γ times,
 *                          averaged over its flows by their share of its queue, E_f the flow's mean end-to-end latency
 *                          and E the traffic-weighted mean over flows (default 0: every request counts alike, the mean
 *                          latency's objective); see {@link BalancedQueueFlower}
 * @param concurrencyOverrides service → its k where it is not {@code concurrency}: traces show how long requests
 *                          spend in a service, not how many of them a pod works on at once, and a k-server pod seen as
 *                          one server looks k times busier than it is
 */
public record BalancedSettings(double floorUtilization, double minGain, double reversalFactor, int maxMoves,
                             double smoothing, double saturation, double overloadGrowth, int concurrency,
                             double planUtilization, double hedgeUtilization, double peakMemorySeconds,
                             double trendWindows, double settleSeconds, double flowWeight,
                             java.util.SortedMap<String, Integer> concurrencyOverrides) {
    public static final BalancedSettings DEFAULT = new BalancedSettings(0.85, 0.08, 3, 4, 0.5, 0.95, 2, 1, 0.5, 0.9,
            0, 2, 30, 0, new java.util.TreeMap<>());

    public BalancedSettings {
        if (!(floorUtilization > 0 && floorUtilization < 1)) {
            throw new IllegalArgumentException("floor utilisation must be in (0, 1), got " + floorUtilization);
        }
        if (!(minGain >= 0 && minGain < 1) || !(reversalFactor >= 1) || !Double.isFinite(reversalFactor)) {
            throw new IllegalArgumentException("min gain must be in [0, 1) and reversal factor >= 1, got " + minGain
                    + " and " + reversalFactor);
        }
        if (maxMoves < 0) {
            throw new IllegalArgumentException("max moves must be >= 0, got " + maxMoves);
        }
        if (!(smoothing > 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("smoothing must be in (0, 1], got " + smoothing);
        }
        if (!(saturation > 0 && saturation < 1) || !(overloadGrowth >= 1) || !Double.isFinite(overloadGrowth)) {
            throw new IllegalArgumentException("saturation must be in (0, 1) and overload growth >= 1, got "
                    + saturation + " and " + overloadGrowth);
        }
        if (!(planUtilization > 0 && planUtilization < 1)) {
            throw new IllegalArgumentException("plan utilisation must be in (0, 1), got " + planUtilization);
        }
        if (!(hedgeUtilization > 0 && hedgeUtilization <= 1)) {
            throw new IllegalArgumentException("hedge utilisation must be in (0, 1], got " + hedgeUtilization);
        }
        if (!(peakMemorySeconds >= 0) || Double.isInfinite(peakMemorySeconds)) {
            throw new IllegalArgumentException("peak memory must be finite and >= 0 s, got " + peakMemorySeconds);
        }
        if (!(trendWindows >= 0) || Double.isInfinite(trendWindows)) {
            throw new IllegalArgumentException("trend windows must be finite and >= 0, got " + trendWindows);
        }
        if (!(settleSeconds >= 0) || Double.isInfinite(settleSeconds)) {
            throw new IllegalArgumentException("settle time must be finite and >= 0 s, got " + settleSeconds);
        }
        if (!(flowWeight >= 0) || Double.isInfinite(flowWeight)) {
            throw new IllegalArgumentException("flow weight must be finite and >= 0, got " + flowWeight);
        }
        concurrencyOverrides = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(
                java.util.Objects.requireNonNull(concurrencyOverrides, "concurrencyOverrides")));
        concurrencyOverrides.forEach((service, k) -> {
            if (k == null || k < 1) {
                throw new IllegalArgumentException("concurrency of " + service + " must be >= 1, got " + k);
            }
        });
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
    }

    /** Servers per pod of a service. */
    public int concurrencyOf(String service) {
        return concurrencyOverrides.getOrDefault(service, concurrency);
    }

    /** What a remembered peak keeps of itself over one window of {@code windowSeconds}. */
    public double peakDecay(double windowSeconds) {
        return peakMemorySeconds == 0 ? 0 : Math.exp(-windowSeconds / peakMemorySeconds);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with some parameters changed; every other keeps its value. */
    public static final class Builder {
        private double floorUtilization;
        private double minGain;
        private double reversalFactor;
        private int maxMoves;
        private double smoothing;
        private double saturation;
        private double overloadGrowth;
        private int concurrency;
        private double planUtilization;
        private double hedgeUtilization;
        private double peakMemorySeconds;
        private double trendWindows;
        private double settleSeconds;
        private java.util.SortedMap<String, Integer> concurrencyOverrides;
        private double flowWeight;

        private Builder(BalancedSettings p) {
            floorUtilization = p.floorUtilization;
            minGain = p.minGain;
            reversalFactor = p.reversalFactor;
            maxMoves = p.maxMoves;
            smoothing = p.smoothing;
            saturation = p.saturation;
            overloadGrowth = p.overloadGrowth;
            concurrency = p.concurrency;
            planUtilization = p.planUtilization;
            hedgeUtilization = p.hedgeUtilization;
            peakMemorySeconds = p.peakMemorySeconds;
            trendWindows = p.trendWindows;
            settleSeconds = p.settleSeconds;
            concurrencyOverrides = p.concurrencyOverrides;
            flowWeight = p.flowWeight;
        }

        public Builder floorUtilization(double value) { floorUtilization = value; return this; }
        public Builder minGain(double value) { minGain = value; return this; }
        public Builder reversalFactor(double value) { reversalFactor = value; return this; }
        public Builder maxMoves(int value) { maxMoves = value; return this; }
        public Builder smoothing(double value) { smoothing = value; return this; }
        public Builder saturation(double value) { saturation = value; return this; }
        public Builder overloadGrowth(double value) { overloadGrowth = value; return this; }
        public Builder concurrency(int value) { concurrency = value; return this; }
        public Builder planUtilization(double value) { planUtilization = value; return this; }
        public Builder hedgeUtilization(double value) { hedgeUtilization = value; return this; }
        public Builder peakMemorySeconds(double value) { peakMemorySeconds = value; return this; }
        public Builder trendWindows(double value) { trendWindows = value; return this; }
        public Builder settleSeconds(double value) { settleSeconds = value; return this; }
        public Builder flowWeight(double value) { flowWeight = value; return this; }
        public Builder concurrencyOverrides(java.util.Map<String, Integer> value) {
            concurrencyOverrides = new java.util.TreeMap<>(value);
            return this;
        }

        public BalancedSettings build() {
            return new BalancedSettings(floorUtilization, minGain, reversalFactor, maxMoves, smoothing, saturation,
                    overloadGrowth, concurrency, planUtilization, hedgeUtilization, peakMemorySeconds, trendWindows,
                    settleSeconds, flowWeight, concurrencyOverrides);
        }
    }
}
