package io.queueflower.loadgen.sim.arrival;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ArrivalRatesTest {
    @Test
    void stepsIntegrateAndInvert() {
        ArrivalRate rate = ArrivalRates.parse("step:0s=10,1m=40,90s=0,120s=20");
        assertThat(rate.rateAt(59.9)).isEqualTo(10);
        assertThat(rate.rateAt(60)).isEqualTo(40);
        assertThat(rate.expectedArrivals(60)).isEqualTo(600);
        assertThat(rate.expectedArrivals(90)).isEqualTo(1800);
        assertThat(rate.expectedArrivals(100)).isEqualTo(1800);
        assertThat(rate.timeOfExpectedArrivals(1200)).isCloseTo(75, within(1e-12));
        // the rate is 0 between 90 s and 120 s: the 1801st expected arrival falls after 120 s
        assertThat(rate.timeOfExpectedArrivals(1801)).isCloseTo(120.05, within(1e-9));
        assertThat(ArrivalRates.parse("constant:5").timeOfExpectedArrivals(10)).isEqualTo(2);
        assertThat(ArrivalRates.parse("steps:0s=0").timeOfExpectedArrivals(1)).isInfinite();
        assertThat(ArrivalRates.parse(rate.spec()).expectedArrivals(130)).isEqualTo(rate.expectedArrivals(130));
    }

    @Test
    void csvRowsAreSteps(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.csv");
        Files.writeString(file, "seconds,rate\n# warm\n0,5\n10,15\n");
        ArrivalRate rate = ArrivalRates.parse(file.toString());
        assertThat(rate.expectedArrivals(20)).isEqualTo(200);
        Files.writeString(file, "0,5\n10\n");
        assertThatThrownBy(() -> ArrivalRates.parse(file.toString())).hasMessageContaining("w.csv line 2");
        Files.writeString(file, "0,5\n0,7\n");
        assertThatThrownBy(() -> ArrivalRates.parse(file.toString())).hasMessageContaining("line 2")
                .hasMessageContaining("not after");
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> ArrivalRates.parse("constant:-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> ArrivalRates.parse("step:5s=1")).hasMessageContaining("first step must start at 0");
        assertThatThrownBy(() -> ArrivalRates.parse("step:0s=1,x")).hasMessageContaining("'x' is not TIME=RATE");
        assertThatThrownBy(() -> ArrivalRates.parse("sine:mean=1")).hasMessageContaining("neither constant:, step:");
    }
}
