package io.queueflower.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScaleStabilizerTest {
    static final DeploymentRef CART = new DeploymentRef("shop", "cart");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void scaleDownGoesOnlyToTheHighestRecommendationWithinTheWindow() {
        ScaleStabilizer stabilizer = new ScaleStabilizer(Duration.ofSeconds(300));
        // First sight primes the window with the current count: no scale-down right after start.
        assertThat(stabilizer.stabilize(CART, at(0), 10, 10)).isEqualTo(10);
        assertThat(stabilizer.stabilize(CART, at(60), 10, 8)).isEqualTo(10);
        assertThat(stabilizer.stabilize(CART, at(120), 10, 4)).isEqualTo(10);
        // At 301 s the recommendation of 10 made at 0 s has left the window; 8 (at 60 s) is now the highest.
        assertThat(stabilizer.stabilize(CART, at(301), 10, 4)).isEqualTo(8);
        // At 361 s only 4s remain.
        assertThat(stabilizer.stabilize(CART, at(361), 8, 4)).isEqualTo(4);
    }

    @Test
    void scaleUpIsNeverDelayed() {
        ScaleStabilizer stabilizer = new ScaleStabilizer(Duration.ofSeconds(300));
        assertThat(stabilizer.stabilize(CART, at(0), 2, 2)).isEqualTo(2);
        assertThat(stabilizer.stabilize(CART, at(10), 2, 9)).isEqualTo(9);
        // ... and a high recommendation then holds the next scale-down back.
        assertThat(stabilizer.stabilize(CART, at(20), 9, 3)).isEqualTo(9);
    }

    @Test
    void aZeroWindowFollowsEveryRecommendation() {
        ScaleStabilizer stabilizer = new ScaleStabilizer(Duration.ZERO);
        assertThat(stabilizer.stabilize(CART, at(0), 10, 3)).isEqualTo(3);
        assertThat(stabilizer.stabilize(CART, at(1), 3, 7)).isEqualTo(7);
        assertThat(stabilizer.stabilize(CART, at(2), 7, 1)).isEqualTo(1);
    }

    @Test
    void deploymentsHaveSeparateHistoriesAndResetForgetsAll() {
        ScaleStabilizer stabilizer = new ScaleStabilizer(Duration.ofSeconds(300));
        DeploymentRef web = new DeploymentRef("shop", "web");
        stabilizer.stabilize(CART, at(0), 10, 10);
        assertThat(stabilizer.stabilize(web, at(400), 3, 3)).isEqualTo(3);
        assertThat(stabilizer.stabilize(CART, at(400), 10, 2)).isEqualTo(2);
        stabilizer.reset();
        // After a reset the current count is primed again.
        assertThat(stabilizer.stabilize(CART, at(500), 6, 2)).isEqualTo(6);
    }
}
