package io.queueflower.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantilesTest {
    private static long[] parse(String values) {
        return Arrays.stream(values.trim().split(" +")).mapToLong(Long::parseLong).sorted().toArray();
    }

    /*
     * Hand-worked with h = (n-1)p, q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]):
     *   1..10, 0.9:   h = 8.1  -> 9 + 0.1*1   = 9.1;  above: {10}       -> 10
     *   1 2 3 4, 0.9: h = 2.7  -> 3 + 0.7*1   = 3.7;  above: {4}        -> 4
     *   3 7, 0.9:     h = 0.9  -> 3 + 0.9*4   = 6.6;  above: {7}        -> 7
     *   10..110, 0.9: h = 9    -> x[9] = 100;         above: {110}      -> 110 (100 itself is not strictly above)
     *   1..20, 0.9:   h = 17.1 -> 18 + 0.1    = 18.1; above: {19, 20}   -> 19.5
     *   1 2 3 4, 0.5: h = 1.5  -> 2 + 0.5     = 2.5;  above: {3, 4}     -> 3.5
     *   5, 0.9:       single sample -> 5; nothing above -> tail falls back to the quantile, 5
     *   5 5 5, 0.9:   ties -> 5, tail 5
     * (numpy.quantile gives the same quantiles.)
     */
    @ParameterizedTest(name = "[{0}] p={1} -> q={2}, tail={3}")
    @CsvSource({
            "1 2 3 4 5 6 7 8 9 10,                0.9, 9.1,  10",
            "4 3 2 1,                             0.9, 3.7,  4",
            "3 7,                                 0.9, 6.6,  7",
            "10 20 30 40 50 60 70 80 90 100 110,  0.9, 100,  110",
            "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20, 0.9, 18.1, 19.5",
            "1 2 3 4,                             0.5, 2.5,  3.5",
            "5,                                   0.9, 5,    5",
            "5 5 5,                               0.9, 5,    5"})
    void linearQuantileAndTailMeanMatchPandas(String values, double p, double quantile, double tail) {
        long[] sorted = parse(values);
        assertThat(Quantiles.linear(sorted, p)).isCloseTo(quantile, within(1e-9));
        assertThat(Quantiles.tailMean(sorted, p)).isCloseTo(tail, within(1e-9));
    }

    @Test
    void extremesAreMinimumAndMaximum() {
        long[] sorted = LongStream.of(-4, 0, 9, 12).toArray();
        assertThat(Quantiles.linear(sorted, 0)).isEqualTo(-4);
        assertThat(Quantiles.linear(sorted, 1)).isEqualTo(12);
    }

    @Test
    void meanOfNothingIsZero() {
        assertThat(Quantiles.mean(new long[0])).isZero();
        assertThat(Quantiles.mean(new long[] {1, 2, 6})).isEqualTo(3.0);
    }

    @Test
    void rejectsEmptySampleAndQuantileOutsideUnitInterval() {
        assertThatThrownBy(() -> Quantiles.linear(new long[0], 0.5)).hasMessageContaining("empty");
        assertThatThrownBy(() -> Quantiles.linear(new long[] {1}, 1.5)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> Quantiles.linear(new long[] {1}, Double.NaN)).hasMessageContaining("[0, 1]");
    }
}
