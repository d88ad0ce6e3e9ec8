package io.queueflower.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatePatternsTest {

    @Test
    void parsesEachBuiltInKindAndPrintsItBack() {
        for (String spec : List.of("constant:250", "step:0s=100,30s=400,120s=250", "linear:0s=20,840s=20,1140s=4",
                "ramp:from=100,to=1000,over=60s",
                "sine:mean=500,amplitude=200,period=60s")) {
            RatePattern pattern = RatePatterns.parse(spec);
            assertThat(pattern.spec()).isEqualTo(spec);
            assertThat(RatePatterns.parse(pattern.spec())).isEqualTo(pattern);
        }
        assertThat(RatePatterns.parse("step:0=10,2m=20")).isEqualTo(new StepRate(List.of(
                new StepRate.Step(0, 10), new StepRate.Step(120, 20))));
    }

    @Test
    void stepRateHoldsEachStepAndTheLastForEver() {
        RatePattern steps = RatePatterns.parse("step:0s=100,10s=0,20s=300");
        assertThat(steps.rateAt(0)).isEqualTo(100);
        assertThat(steps.rateAt(9.999)).isEqualTo(100);
        assertThat(steps.rateAt(10)).isEqualTo(0);
        assertThat(steps.rateAt(500)).isEqualTo(300);
        assertThat(steps.expectedArrivals(25)).isEqualTo(100 * 10 + 0 + 300 * 5);
        // Count 1000 is reached at the end of the first step, 1001 only once the rate comes back at 20 s.
        assertThat(steps.timeOfExpectedArrivals(1000)).isEqualTo(10.0);
        assertThat(steps.timeOfExpectedArrivals(1001)).isCloseTo(20 + 1.0 / 300, within(1e-12));
        assertThat(RatePatterns.parse("step:0s=5,1s=0").timeOfExpectedArrivals(6)).isInfinite();
    }

    @Test
    void rampIntegratesTheLinearRateAndInvertsIt() {
        RampRate ramp = new RampRate(100, 300, 10);
        assertThat(ramp.rateAt(5)).isEqualTo(200);
        assertThat(ramp.rateAt(12)).isEqualTo(300);
        assertThat(ramp.expectedArrivals(10)).isCloseTo(2000, within(1e-9)); // mean rate 200 for 10 s
        assertThat(ramp.expectedArrivals(12)).isCloseTo(2600, within(1e-9));
        // Λ(t) = 100t + 10t², so Λ(t) = 1100 at t = (−100 + √(100² + 4·10·1100)) / (2·10)
        assertThat(ramp.timeOfExpectedArrivals(1100)).isCloseTo((-100 + Math.sqrt(54000)) / 20, within(1e-12));
        assertThat(new RampRate(300, 0, 10).timeOfExpectedArrivals(1501)).isInfinite();
    }

    @Test
    void linearRateIsStraightBetweenItsPointsAndInvertsItsIntegral() {
        RatePattern linear = RatePatterns.parse("linear:0s=10,10s=10,20s=30,30s=0");
        assertThat(linear.rateAt(5)).isEqualTo(10);
        assertThat(linear.rateAt(15)).isCloseTo(20, within(1e-12));
        assertThat(linear.rateAt(25)).isCloseTo(15, within(1e-12));
        assertThat(linear.rateAt(99)).isZero();
        // 100 in the first 10 s, 200 in the ramp up, 150 in the ramp down, nothing after
        assertThat(linear.expectedArrivals(10)).isCloseTo(100, within(1e-9));
        assertThat(linear.expectedArrivals(20)).isCloseTo(300, within(1e-9));
        assertThat(linear.expectedArrivals(30)).isCloseTo(450, within(1e-9));
        assertThat(linear.expectedArrivals(60)).isCloseTo(450, within(1e-9));
        for (double count : new double[] {50, 100, 150, 299, 320, 449}) {
            assertThat(linear.expectedArrivals(linear.timeOfExpectedArrivals(count))).as("count " + count)
                    .isCloseTo(count, within(1e-7));
        }
        assertThat(linear.timeOfExpectedArrivals(451)).isInfinite();
        assertThatThrownBy(() -> RatePatterns.parse("linear:5s=1")).hasMessageContaining("first point must be at 0s");
        assertThatThrownBy(() -> RatePatterns.parse("linear:0s=1,10s=2,10s=3")).hasMessageContaining("not after");
    }

    @Test
    void sineInverseAgreesWithItsIntegral() {
        SineRate sine = new SineRate(500, 500, 7);
        for (double count = 0.5; count < 20_000; count *= 1.37) {
            double t = sine.timeOfExpectedArrivals(count);
            assertThat(sine.expectedArrivals(t)).as("Λ(Λ⁻¹(%s))", count).isCloseTo(count, within(1e-7 * count));
        }
        // A whole period carries exactly mean × period requests.
        assertThat(sine.expectedArrivals(7)).isCloseTo(3500, within(1e-9));
    }

    @Test
    void readsCsvWithHeaderAndCommentsAndRejectsBadRowsByLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("trace.csv");
        Files.writeString(csv, "seconds,rate\n# replayed from a trace\n0,120\n120, 300\n\n240,90\n");
        assertThat(RatePatterns.load(csv.toString())).isEqualTo(RatePatterns.parse("step:0s=120,2m=300,4m=90"));

        assertThatThrownBy(() -> RatePatterns.parseCsv("0,10\n5,-1\n", "p.csv"))
                .hasMessage("p.csv line 2: rate -1 is negative");
        assertThatThrownBy(() -> RatePatterns.parseCsv("0,10\n5,20\n5,30\n", "p.csv"))
                .hasMessageStartingWith("p.csv line 3: seconds 5 is not after");
        assertThatThrownBy(() -> RatePatterns.parseCsv("10,10\n", "p.csv"))
                .hasMessageContaining("line 1: the first row must be at 0 seconds");
        assertThatThrownBy(() -> RatePatterns.parseCsv("0,10,3\n", "p.csv"))
                .hasMessageContaining("line 1: expected 'seconds,rate'");
        assertThatThrownBy(() -> RatePatterns.parseCsv("0,x\n", "p.csv"))
                .hasMessageContaining("p.csv line 1: rate 'x' is not a number");
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> RatePatterns.parse("square:10")).hasMessageContaining("expected constant:RATE");
        assertThatThrownBy(() -> RatePatterns.parse("ramp:from=1,to=2")).hasMessage("ramp pattern: missing 'over='");
        assertThatThrownBy(() -> RatePatterns.parse("ramp:from=1,to=2,over=10s,x=1")).hasMessageContaining("'x=1' is not one of");
        assertThatThrownBy(() -> RatePatterns.parse("sine:mean=10,amplitude=20,period=5s"))
                .hasMessageContaining("amplitude 20 exceeds mean 10");
        assertThatThrownBy(() -> RatePatterns.parse("step:5s=10")).hasMessageContaining("first step must start at 0s");
        assertThatThrownBy(() -> RatePatterns.parse("step:0s=10,0s=20")).hasMessageContaining("step 2 starts at 0s, not after");
        assertThatThrownBy(() -> RatePatterns.parse("constant:-3")).hasMessageContaining("must be a finite rate ≥ 0");
        assertThatThrownBy(() -> RatePatterns.load("/no/such/file.csv")).hasMessageContaining("neither a built-in spec");
    }

    @Test
    void durationsAcceptTheUsualUnits() {
        assertThat(Durations.parseSeconds("500ms", "x")).isEqualTo(0.5);
        assertThat(Durations.parseSeconds("30s", "x")).isEqualTo(30);
        assertThat(Durations.parseSeconds("2m", "x")).isEqualTo(120);
        assertThat(Durations.parseSeconds("1.5h", "x")).isEqualTo(5400);
        assertThat(Durations.parseSeconds("45", "x")).isEqualTo(45);
        assertThatThrownBy(() -> Durations.parseSeconds("5 minutes", "--duration"))
                .hasMessageStartingWith("--duration: '5 minutes' is not a duration");
    }
}
