package io.queueflower.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceCompletionTest {
    private final TraceCompletion completion = new TraceCompletion(5_000, 60_000, 100);

    @Test
    void aTraceWithItsRootIsDueAQuietIdleAfterItsLastSpan() {
        assertThat(completion.dueMs(1_000, 3_000, true)).isEqualTo(8_000);
    }

    @Test
    void withoutItsRootATraceWaitsTheFullMaxWait() {
        assertThat(completion.dueMs(1_000, 3_000, false)).isEqualTo(61_000);
    }

    @Test
    void maxWaitCapsATraceWhoseSpansKeepComing() {
        assertThat(completion.dueMs(1_000, 58_000, true)).isEqualTo(61_000);
    }

    @Test
    void maxSpansCompletesATraceAtOnceAndAnEmittedTraceIsRememberedForMaxWait() {
        assertThat(completion.full(99)).isFalse();
        assertThat(completion.full(100)).isTrue();
        assertThat(completion.rememberedUntilMs(10_000)).isEqualTo(70_000);
    }

    @Test
    void refusesImpossibleLimits() {
        assertThatThrownBy(() -> new TraceCompletion(-1, 10, 1)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new TraceCompletion(1, 10, 0)).hasMessageContaining("at least one span");
    }
}
