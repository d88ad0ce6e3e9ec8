package io.queueflower.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), 0.5);
        assertThat(policy.delayBeforeRetry(1, () -> 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayBeforeRetry(2, () -> 0.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayBeforeRetry(4, () -> 0.0)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.delayBeforeRetry(5, () -> 0.0)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.delayBeforeRetry(60, () -> 0.0)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void jitterShortensTheWaitByAtMostItsFraction() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), 0.5);
        assertThat(policy.delayBeforeRetry(2, () -> 0.999)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayBeforeRetry(2, () -> 0.5)).isEqualTo(Duration.ofMillis(150));
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), 0))
                .hasMessageContaining("max attempts");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(1), 0))
                .hasMessageContaining("below initial backoff");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 1.5))
                .hasMessageContaining("jitter");
    }
}
