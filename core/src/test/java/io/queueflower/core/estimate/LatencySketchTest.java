package io.queueflower.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencySketchTest {
    @Test
    void smallValuesAreExactSoPercentilesAndTailAreExact() {
        LatencySketch sketch = new LatencySketch();
        for (long v = 1; v <= 1000; v++) {
            sketch.record(v);
        }
        assertThat(sketch.count()).isEqualTo(1000);
        assertThat(sketch.valueAtPercentileMicros(50)).isEqualTo(500);
        assertThat(sketch.valueAtPercentileMicros(90)).isEqualTo(900);
        // buckets above 900: 901..1000 -> mean 950.5 (the exact reference tail is also 950.5: q = 900.1)
        assertThat(sketch.tailMeanMicros(90)).isEqualTo(950.5);
        assertThat(sketch.countAbove(950)).isEqualTo(50);
    }

    @Test
    void largeValuesStayWithinATenthOfAPercent() {
        LatencySketch sketch = new LatencySketch();
        for (long v = 1; v <= 1000; v++) {
            sketch.record(v * 1_000_003L);
        }
        assertThat((double) sketch.valueAtPercentileMicros(90)).isCloseTo(900 * 1_000_003.0, within(900 * 1_000_003.0 * 0.001));
        assertThat(sketch.tailMeanMicros(90)).isCloseTo(950.5 * 1_000_003.0, within(950.5 * 1_000_003.0 * 0.001));
    }

    @Test
    void negativesAreRecordedAsZeroAndEmptySketchAnswersZero() {
        LatencySketch sketch = new LatencySketch();
        assertThat(sketch.tailMeanMicros(90)).isZero();
        assertThat(sketch.countAbove(5)).isZero();
        sketch.record(-30);
        assertThat(sketch.count()).isEqualTo(1);
        assertThat(sketch.valueAtPercentileMicros(100)).isZero();
        assertThat(sketch.tailMeanMicros(90)).isZero();
    }

    @Test
    void growsToValuesFarBeyondItsFirstRange() {
        LatencySketch sketch = new LatencySketch();
        for (long v = 1; v <= 1000; v++) {
            sketch.record(v);
        }
        sketch.record(5_000_000_000L); // 83 minutes in µs: auto-resize, not an ArrayIndexOutOfBounds
        assertThat(sketch.count()).isEqualTo(1001);
        assertThat(sketch.valueAtPercentileMicros(90)).isEqualTo(901);
        assertThat(sketch.valueAtPercentileMicros(100)).isCloseTo(5_000_000_000L, within(5_000_000L));
    }
}
