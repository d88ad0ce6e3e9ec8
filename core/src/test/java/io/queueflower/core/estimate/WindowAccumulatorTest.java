package io.queueflower.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.avro.TraceSummary;
import io.queueflower.core.sla.SlaTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowAccumulatorTest {
    private static final String HOTELS = "HTTP GET /hotels";
    private static final String USER = "HTTP POST /user";
    private static final SlaTable AVERAGE_SLA = SlaTable.of(Map.of("frontend", Map.of(HOTELS, 25.0), "search", Map.of(HOTELS, 15.0)));
    private static final SlaTable TAIL_SLA = SlaTable.of(Map.of("frontend", Map.of(HOTELS, 29.0)));

    private static TraceSummary trace(String id, String flow, long e2e, boolean error, boolean complete, Map<String, Long> exclusive) {
        return TraceSummary.newBuilder()
                .setTraceId(id).setFlow(flow).setStartMicros(0).setEndToEndMicros(e2e).setError(error)
                .setSpanCount(exclusive.size()).setComplete(complete)
                .setExclusiveMicros(exclusive)
                // overlap-aware values are 10x the reference ones so the tests can tell which map was read
                .setExclusiveOverlapMicros(exclusive.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue() * 10)))
                .build();
    }

    /*
     * Window [0, 10 000) ms = 10 s.
     * hotels: t1 frontend 1 ms, search 3 ms, e2e 10 ms; t2 frontend 2, search 5, geo 4, e2e 20; t3 frontend 3, e2e 30,
     *         incomplete; t4 error.   user: t5 frontend 4, user 2, e2e 6.   t6 has no flow.
     */
    private static List<TraceSummary> traces() {
        return List.of(
                trace("t1", HOTELS, 10_000, false, true, Map.of("frontend", 1_000L, "search", 3_000L)),
                trace("t2", HOTELS, 20_000, false, true, Map.of("frontend", 2_000L, "search", 5_000L, "geo", 4_000L)),
                trace("t3", HOTELS, 30_000, false, false, Map.of("frontend", 3_000L)),
                trace("t4", HOTELS, 99_000, true, true, Map.of("frontend", 99_000L)),
                trace("t5", USER, 6_000, false, true, Map.of("frontend", 4_000L, "user", 2_000L)),
                trace("t6", null, 1_000, false, false, Map.of("search", 1_000L)));
    }

    private static WindowAccumulator accumulate(List<TraceSummary> traces, boolean exact) {
        WindowAccumulator accumulator = new WindowAccumulator(0, 10_000, ExclusiveTimeMode.REFERENCE, exact);
        traces.forEach(accumulator::add);
        return accumulator;
    }

    @Test
    void pairStatisticsFollowTheReferenceDefinitions() {
        WindowSnapshot window = accumulate(traces(), true).snapshot(AVERAGE_SLA, TAIL_SLA);

        assertThat(window.pairs()).containsOnlyKeys("frontend", "search", "geo", "user");
        ServiceFlowStats frontend = window.pair("frontend", HOTELS);
        assertThat(frontend.traces()).isEqualTo(3);
        assertThat(frontend.arrivalRatePerSec()).isEqualTo(0.3);
        assertThat(frontend.exclusiveMeanMs()).isEqualTo(2.0);                 // (1+2+3)/3, error trace left out
        assertThat(frontend.queueReferenceMs()).isEqualTo(2.0);
        assertThat(frontend.queueLittlesLaw()).isCloseTo(0.0006, within(1e-12)); // 0.3/s * 0.002 s
        assertThat(frontend.tailMeanMs()).isEqualTo(3.0);                      // q90 = 2.8 ms, above: {3}
        assertThat(frontend.tailMeanApproxMs()).isCloseTo(3.0, within(3.0 * 0.001)); // sketch bucket midpoint
        assertThat(frontend.exclusiveP50Ms()).isEqualTo(2.0);
        assertThat(frontend.exclusiveP99Ms()).isCloseTo(3.0, within(3.0 * 0.001)); // sketch bucket top

        ServiceFlowStats search = window.pair("search", HOTELS);
        assertThat(search.traces()).isEqualTo(2);                              // mean over traces where it appears
        assertThat(search.exclusiveMeanMs()).isEqualTo(4.0);
        assertThat(search.tailMeanMs()).isEqualTo(5.0);                        // q90 = 4.8 ms
        assertThat(window.pair("geo", HOTELS).tailMeanMs()).isEqualTo(4.0);    // single trace: tail = the value
        assertThat(window.pair("geo", USER)).isNull();
        assertThat(window.pair("user", USER).exclusiveMeanMs()).isEqualTo(2.0);
        assertThat(window.tracesWithoutFlow()).isEqualTo(1);
    }

    @Test
    void flowStatisticsCountErrorsIncompleteTracesAndSlaViolations() {
        WindowSnapshot window = accumulate(traces(), true).snapshot(AVERAGE_SLA, TAIL_SLA);
        FlowWindowStats hotels = window.flows().get(HOTELS);
        // e2e 10, 20, 30 ms: mean 20; p90 h = 1.8 -> 28; p99 h = 1.98 -> 29.8
        // average SLA = min(25, 15) = 15 ms -> 20 and 30 violate; tail SLA 29 ms -> 30 violates
        assertThat(hotels).isEqualTo(new FlowWindowStats(HOTELS, 3, 1, 1, 20.0, 28.0, 29.8, 2, 1));
        assertThat(window.flows().get(USER)).isEqualTo(new FlowWindowStats(USER, 1, 0, 0, 6.0, 6.0, 6.0, 0, 0));
    }

    @Test
    void serviceTotalsAreTraceWeightedOverFlows() {
        ServiceStats frontend = accumulate(traces(), true).snapshot(AVERAGE_SLA, TAIL_SLA).services().get("frontend");
        assertThat(frontend).isEqualTo(new ServiceStats("frontend", 4, 0.4, 2.5)); // (1+2+3+4)/4
    }

    @Test
    void overlapAwareModeReadsTheOtherMap() {
        WindowAccumulator accumulator = new WindowAccumulator(0, 10_000, ExclusiveTimeMode.OVERLAP_AWARE, true);
        traces().forEach(accumulator::add);
        assertThat(accumulator.snapshot(SlaTable.empty(), SlaTable.empty()).pair("frontend", HOTELS).exclusiveMeanMs())
                .isEqualTo(20.0);
    }

    @Test
    void resultsDoNotDependOnTheOrderTracesArrive() {
        List<TraceSummary> all = traces();
        List<TraceSummary> reversed = new java.util.ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        WindowSnapshot forward = accumulate(all, true).snapshot(AVERAGE_SLA, TAIL_SLA);
        assertThat(accumulate(reversed, true).snapshot(AVERAGE_SLA, TAIL_SLA)).isEqualTo(forward);
        assertThat(accumulate(reversed, false).snapshot(AVERAGE_SLA, TAIL_SLA))
                .isEqualTo(accumulate(all, false).snapshot(AVERAGE_SLA, TAIL_SLA));
    }

    @Test
    void sketchOnlyModeApproximatesTailsAndPercentiles() {
        WindowAccumulator sketchOnly = accumulate(traces(), false);
        WindowSnapshot window = sketchOnly.snapshot(AVERAGE_SLA, TAIL_SLA);
        assertThat(window.exactValues()).isFalse();
        assertThat(window.pair("frontend", HOTELS).tailMeanMs()).isCloseTo(3.0, within(3.0 * 0.001));
        FlowWindowStats hotels = window.flows().get(HOTELS);
        assertThat(hotels.meanMs()).isEqualTo(20.0);                             // the mean is always exact
        assertThat(hotels.p90Ms()).isCloseTo(30.0, within(30.0 * 0.001));         // sketch: the 90th value is 30 ms
        assertThat(hotels.slaAvgViolations()).isEqualTo(2);
        assertThat(hotels.slaTailViolations()).isEqualTo(1);
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> new WindowAccumulator(5, 5, ExclusiveTimeMode.REFERENCE, true))
                .hasMessageContaining("must be after its start");
    }

    @Test
    void avroRecordsCarryPairAndFlowFigures() {
        WindowSnapshot window = accumulate(traces(), true).snapshot(AVERAGE_SLA, TAIL_SLA);
        List<ServiceWindowStats> records = WindowStatsRecords.toAvro(window);
        assertThat(records).extracting(r -> r.getService() + "|" + r.getFlow()).containsExactly(
                "frontend|" + HOTELS, "frontend|" + USER, "geo|" + HOTELS, "search|" + HOTELS, "user|" + USER);
        ServiceWindowStats search = records.get(3);
        assertThat(search.getWindowStart()).isZero();
        assertThat(search.getWindowEnd()).isEqualTo(10_000);
        assertThat(search.getTraces()).isEqualTo(2);
        assertThat(search.getErrors()).isEqualTo(1);
        assertThat(search.getArrivalRatePerSec()).isEqualTo(0.2);
        assertThat(search.getQueueReferenceMs()).isEqualTo(4.0);
        assertThat(search.getQueueLittlesLaw()).isCloseTo(0.0008, within(1e-12));
        assertThat(search.getTailMeanMs()).isEqualTo(5.0);
        assertThat(search.getFlowTraces()).isEqualTo(3);
        assertThat(search.getFlowMeanMs()).isEqualTo(20.0);
        assertThat(search.getFlowP90Ms()).isEqualTo(28.0);
        assertThat(search.getSlaAvgViolations()).isEqualTo(2);
        assertThat(search.getSlaTailViolations()).isEqualTo(1);
    }
}
