package io.queueflower.core.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueflower.avro.Span;
import io.queueflower.core.estimate.ExclusiveTimeMode;
import io.queueflower.core.estimate.WindowAccumulator;
import io.queueflower.core.estimate.WindowSnapshot;
import io.queueflower.core.sla.SlaTable;
import io.queueflower.core.trace.TraceSummaries;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spans to decision through the whole pure core, worked by hand. */
class PurePipelineTest {
    private static final String HOTELS = "HTTP GET /hotels";

    private static Span span(String trace, String id, String parent, String service, long start, long duration, Integer status) {
        return Span.newBuilder().setTraceId(trace).setSpanId(id).setParentSpanId(parent).setService(service)
                .setOperation(parent == null ? HOTELS : "op").setStartMicros(start).setDurationMicros(duration)
                .setStatusCode(status).build();
    }

    /** frontend [0,100k) -> search [10k,70k) -> geo [20k,40k), rate [40k,70k), all durations times {@code k}. */
    private static List<Span> trace(String id, long k, int status) {
        return List.of(
                span(id, "f", null, "frontend", 0, 100_000 * k, status),
                span(id, "s", "f", "search", 10_000 * k, 60_000 * k, null),
                span(id, "g", "s", "geo", 20_000 * k, 20_000 * k, null),
                span(id, "r", "s", "rate", 40_000 * k, 30_000 * k, null));
    }

    @Test
    void spansToDecision() {
        // exclusive (ms): T1 frontend 40, search 10, geo 20, rate 30; T2 doubles them; T3 is a 500 and is left out
        SlaTable averageSla = SlaTable.of(Map.of("search", Map.of(HOTELS, 140.0)));
        WindowAccumulator accumulator = new WindowAccumulator(0, 60_000, ExclusiveTimeMode.REFERENCE, true);
        accumulator.add(TraceSummaries.summarise(trace("t1", 1, 200), 0, 0));
        accumulator.add(TraceSummaries.summarise(trace("t2", 2, 200), 0, 0));
        accumulator.add(TraceSummaries.summarise(trace("t3", 5, 500), 0, 0));
        WindowSnapshot window = accumulator.snapshot(averageSla, SlaTable.empty());

        // q: frontend 60, search 15, geo 30, rate 45 (flow total 150); tails = the larger of two: 80, 20, 40, 60
        assertThat(window.pair("search", HOTELS).queueReferenceMs()).isEqualTo(15.0);
        assertThat(window.pair("rate", HOTELS).tailMeanMs()).isEqualTo(60.0);
        assertThat(window.flows().get(HOTELS).errors()).isEqualTo(1);
        assertThat(window.flows().get(HOTELS).meanMs()).isEqualTo(150.0);
        assertThat(window.flows().get(HOTELS).slaAvgViolations()).isEqualTo(1); // 200 ms > 140 ms

        AlgorithmSettings config = AlgorithmSettings.builder().averageSla(averageSla).excludedServices(Set.of("frontend")).build();
        AlgorithmDecision decision = ScalingAlgorithms.create(config).decide(window,
                Map.of("frontend", 2, "search", 1, "geo", 1, "rate", 1), AlgorithmState.NONE);

        // avevio: search 150 - 140 = 10 (the frontend's 60 ms counts in the flow); no tail SLA
        // b: search 0.5·15/90 + 0.3 = 0.3833, geo 0.5·30/90 = 0.1667, rate 0.25 (Σ 0.8)
        // 16·b/0.8: 7.67, 3.33, 5 -> 7, 3, 5, leftover to search -> +1 base: 9, 4, 6
        assertThat(decision.explanation(ProportionalExplanation.class).avgViolation()).isEqualTo(Map.of("search", 10.0, "geo", 0.0, "rate", 0.0));
        assertThat(decision.explanation(ProportionalExplanation.class).blocking().get("search")).isCloseTo(0.5 * 15 / 90 + 0.3, within(1e-12));
        assertThat(decision.targets()).isEqualTo(Map.of("search", 9, "geo", 4, "rate", 6));
    }
}
