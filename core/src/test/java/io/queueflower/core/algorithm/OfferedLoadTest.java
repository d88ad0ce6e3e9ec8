package io.queueflower.core.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OfferedLoadTest {
    private static final BalancedSettings P = withTrend(0);

    @Test
    void cleanWindowInvertsTheQueueIntoLoadAndServiceTime() {
        // 2 busy servers of 4: L = L(2, 4); λ = 40/s gives s = 50 ms
        double l = MmcQueue.meanInSystem(2, 4);
        OfferedLoad estimate = OfferedLoad.estimate(40, l, 4, 30, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN, P);
        assertThat(estimate.kind()).isEqualTo(OfferedLoad.Kind.CLEAN);
        assertThat(estimate.offeredLoad()).isCloseTo(2, within(1e-6));
        assertThat(estimate.serviceTimeMs()).isCloseTo(50, within(1e-4));
    }

    @Test
    void serviceTimeIsSmoothedAcrossWindows() {
        double l = MmcQueue.meanInSystem(2, 4); // s = 50 ms now, 30 ms remembered, smoothing 0.5 -> 40 ms
        OfferedLoad estimate = OfferedLoad.estimate(40, l, 4, 30, false, 30, 1.2, 40, Double.NaN, P);
        assertThat(estimate.serviceTimeMs()).isCloseTo(40, within(1e-4));
        assertThat(estimate.offeredLoad()).isCloseTo(40 * 0.040, within(1e-5));
    }

    @Test
    void aRiseBeyondSamplingNoiseIsExtrapolated() {
        BalancedSettings twice = withTrend(2);
        double l = MmcQueue.meanInSystem(2, 4);
        // λ 40/s after 20/s over 30 s windows: noise bar 3·sqrt(60/30) = 4.24, rise 20 - 4.24 = 15.76, twice over
        OfferedLoad rising = OfferedLoad.estimate(40, l, 4, 30, false, Double.NaN, Double.NaN, 20, Double.NaN, twice);
        double planned = 40 + 2 * (20 - 3 * Math.sqrt(60.0 / 30));
        assertThat(rising.offeredLoad()).isCloseTo(planned * 0.050, within(1e-5));
        // within the noise bar, and any fall: the window's own λ
        assertThat(OfferedLoad.estimate(40, l, 4, 30, false, Double.NaN, Double.NaN, 37, Double.NaN, twice).offeredLoad())
                .isCloseTo(2, within(1e-6));
        assertThat(OfferedLoad.estimate(40, l, 4, 30, false, Double.NaN, Double.NaN, 80, Double.NaN, twice).offeredLoad())
                .isCloseTo(2, within(1e-6));
    }

    @Test
    void saturatedWindowProbesAtLeastDoubleTheServers() {
        // L = 1000 on 3 servers at λ = 40/s: W = 25 s, so c·(1 + 2W/T) = 3·(1 + 50/30) = 8 > 2·3
        OfferedLoad estimate = OfferedLoad.estimate(40, 1000, 3, 30, false, 70, 2.8, 40, Double.NaN, P);
        assertThat(estimate.kind()).isEqualTo(OfferedLoad.Kind.SATURATED);
        assertThat(estimate.offeredLoad()).isCloseTo(8, within(1e-9));
        assertThat(estimate.serviceTimeMs()).as("not learnt from a saturated queue").isEqualTo(70);
        // a short wait: the doubling wins
        double justFull = MmcQueue.meanInSystem(2.9, 3);
        assertThat(OfferedLoad.estimate(40, justFull, 3, 30, false, Double.NaN, Double.NaN, 40, Double.NaN, P).offeredLoad())
                .isCloseTo(6, within(1e-9));
    }

    @Test
    void aMixedWindowTrustsTheServiceTimeAndPlansTheBacklog() {
        // a backlog of 300 requests on 6 servers draining: not saturation. λ·s̄ = 36/s · 70 ms = 2.52 busy;
        // expected L(2.52, 6) ≈ 2.6; the rest (≈ 297) needs 297 · 0.07 / 30 ≈ 0.69 more busy servers
        OfferedLoad estimate = OfferedLoad.estimate(36, 300, 6, 30, true, 70, 6, 36, Double.NaN, P);
        assertThat(estimate.kind()).isEqualTo(OfferedLoad.Kind.MIXED);
        double expected = MmcQueue.meanInSystem(2.52, 6);
        assertThat(estimate.offeredLoad()).isCloseTo(2.52 + (300 - expected) * 0.070 / 30, within(1e-9));
        assertThat(estimate.serviceTimeMs()).isEqualTo(70);
        // without a service time yet: the previous load holds
        assertThat(OfferedLoad.estimate(36, 300, 6, 30, true, Double.NaN, 4.5, 36, Double.NaN, P).offeredLoad()).isEqualTo(4.5);
    }

    @Test
    void aSaturatedLookingQueueThatShrinksIsDraining() {
        // L = 300 on 3 servers would read as saturation, but the previous window had 900: the backlog is going down.
        // Planned as λ·s̄ (20/s · 70 ms = 1.4) plus the backlog to clear in a window
        OfferedLoad estimate = OfferedLoad.estimate(20, 300, 3, 30, false, 70, 6, 20, 900, P);
        assertThat(estimate.kind()).isEqualTo(OfferedLoad.Kind.DRAINING);
        double expected = MmcQueue.meanInSystem(1.4, 3);
        assertThat(estimate.offeredLoad()).isCloseTo(1.4 + (300 - expected) * 0.070 / 30, within(1e-9));
        // one that holds or grows is saturated
        assertThat(OfferedLoad.estimate(20, 300, 3, 30, false, 70, 6, 20, 310, P).kind())
                .isEqualTo(OfferedLoad.Kind.SATURATED);
    }

    @Test
    void anIdleWindowHalvesThePreviousLoad() {
        OfferedLoad estimate = OfferedLoad.estimate(0, 0, 3, 30, false, 50, 2.4, 30, Double.NaN, P);
        assertThat(estimate.kind()).isEqualTo(OfferedLoad.Kind.IDLE);
        assertThat(estimate.offeredLoad()).isEqualTo(1.2);
        assertThat(OfferedLoad.estimate(0, 0, 3, 30, false, 50, Double.NaN, Double.NaN, Double.NaN, P).offeredLoad()).isZero();
    }

    @Test
    void noServersIsSaturation() {
        OfferedLoad estimate = OfferedLoad.estimate(10, 50, 0, 30, false, Double.NaN, Double.NaN, 10, Double.NaN, P);
        assertThat(estimate.kind()).isEqualTo(OfferedLoad.Kind.SATURATED);
        assertThat(estimate.offeredLoad()).isGreaterThanOrEqualTo(2);
    }

    static BalancedSettings withTrend(double windows) {
        return BalancedSettings.DEFAULT.toBuilder().trendWindows(windows).build();
    }
}
