package io.queueflower.core.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MmcQueueTest {
    @Test
    void singleServerIsMm1() {
        // M/M/1: L = ρ/(1 − ρ)
        for (double rho : new double[] {0.1, 0.5, 0.9, 0.99}) {
            assertThat(MmcQueue.meanInSystem(rho, 1)).as("rho " + rho).isCloseTo(rho / (1 - rho), within(1e-9));
        }
    }

    @Test
    void erlangCMatchesTheClosedFormForTwoServers() {
        // M/M/2 with a = 1 (ρ = 0.5): P(wait) = a²/(2 + a)... = 1/3, L = a + P·a/(c − a) = 1 + 1/3
        assertThat(MmcQueue.probabilityOfWaiting(1, 2)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(MmcQueue.meanInSystem(1, 2)).isCloseTo(4.0 / 3, within(1e-12));
    }

    @Test
    void unstableAndIdleQueues() {
        assertThat(MmcQueue.meanInSystem(3, 3)).isInfinite();
        assertThat(MmcQueue.meanInSystem(0, 3)).isZero();
        assertThat(MmcQueue.offeredLoad(0, 3)).isZero();
        assertThatThrownBy(() -> MmcQueue.meanInSystem(1, 0)).hasMessageContaining("c >= 1");
        assertThatThrownBy(() -> MmcQueue.offeredLoad(-1, 2)).hasMessageContaining("L >= 0");
    }

    @Test
    void offeredLoadInvertsMeanInSystem() {
        for (int servers : new int[] {1, 2, 5, 40, 1000}) {
            for (double rho : new double[] {0.05, 0.4, 0.8, 0.97}) {
                double a = rho * servers;
                double l = MmcQueue.meanInSystem(a, servers);
                assertThat(MmcQueue.offeredLoad(l, servers)).as("c=%d rho=%s", servers, rho)
                        .isCloseTo(a, within(1e-6 * servers));
            }
        }
    }

    @Test
    void aHugeQueueReadsAsSaturation() {
        assertThat(MmcQueue.offeredLoad(1e9, 4)).isLessThan(4).isGreaterThan(3.99999);
    }

    @Test
    void moreServersNeverRaiseTheQueue() {
        double previous = Double.POSITIVE_INFINITY;
        for (int c = 3; c < 30; c++) {
            double l = MmcQueue.meanInSystem(2.9, c);
            assertThat(l).isLessThanOrEqualTo(previous).isGreaterThanOrEqualTo(2.9);
            previous = l;
        }
    }
}
