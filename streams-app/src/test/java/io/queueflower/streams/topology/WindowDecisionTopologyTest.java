package io.queueflower.streams.topology;

import static io.queueflower.streams.topology.PipelineDriver.span;
import static io.queueflower.streams.topology.PipelineDriver.spanId;
import static io.queueflower.streams.topology.PipelineDriver.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.avro.TraceSummary;
import io.queueflower.core.algorithm.AlgorithmDecision;
import io.queueflower.core.algorithm.AlgorithmState;
import io.queueflower.core.algorithm.ScalingAlgorithms;
import io.queueflower.core.estimate.WindowAccumulator;
import io.queueflower.streams.config.StreamsAppConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowDecisionTopologyTest {
    /** Aligned to the 10 s test windows. */
    static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % 10_000;

    @TempDir
    Path state;

    /** Two flows over three services with random but seeded latencies, in window [T0, T0 + 10 s). */
    static int pipeWindow(PipelineDriver p, long windowStart, int firstTrace, Random random) {
        int n = firstTrace;
        for (int i = 0; i < 20; i++, n++) {
            long start = windowStart + 100 + i * 300L;
            String t = traceId(n);
            if (i % 3 == 0) {
                long user = 5 + random.nextInt(20);
                p.pipe(span(t, spanId(1), null, "frontend", "HTTP POST /user", start, user + 3));
                p.pipe(span(t, spanId(2), spanId(1), "user", "/user.User/CheckUser", start + 1, user));
            } else {
                long geo = 2 + random.nextInt(10);
                long search = geo + 5 + random.nextInt(30);
                p.pipe(span(t, spanId(1), null, "frontend", "HTTP GET /hotels", start, search + 4));
                p.pipe(span(t, spanId(2), spanId(1), "search", "/search.Search/Nearby", start + 1, search));
                p.pipe(span(t, spanId(3), spanId(2), "geo", "/geo.Geo/Nearby", start + 2, geo));
            }
        }
        return n;
    }

    @Test
    void aClosedWindowYieldsStatsAndOneDecisionEqualToTheDirectComputation() {
        try (PipelineDriver p = new PipelineDriver(Map.of(StreamsAppConfig.TARGET_NAMESPACE, "hotel",
                StreamsAppConfig.DEPLOYMENT_PATTERN, "{service}-hotel-hotelres",
                StreamsAppConfig.EXCLUDED_SERVICES, "frontend",
                StreamsAppConfig.VARIANT, "prop"), state)) {
            p.replicas.pipeInput("hotel/search-hotel-hotelres", new ReplicaStatus("hotel", "search-hotel-hotelres",
                    3, 3, 3, false, T0), T0);
            pipeWindow(p, T0, 1, new Random(7));
            p.watermark(T0 + 10_000 + 2_000 + 1_500);
            List<TraceSummary> traces = p.assembled();
            assertThat(traces).hasSize(20);

            List<ScalingDecision> decisions = p.decisions.readValuesToList();
            assertThat(decisions).hasSize(1);
            ScalingDecision d = decisions.get(0);
            assertThat(d.getNamespace()).isEqualTo("hotel");
            assertThat(d.getWindowStart()).isEqualTo(T0);
            assertThat(d.getWindowEnd()).isEqualTo(T0 + 10_000);
            assertThat(d.getAlgorithm()).isEqualTo("queueflower");
            assertThat(d.getVariant()).isEqualTo("prop");
            assertThat(d.getCurrentReplicas()).containsEntry("search-hotel-hotelres", 3);
            assertThat(d.getTargets()).doesNotContainKey("frontend-hotel-hotelres")
                    .containsKeys("search-hotel-hotelres", "geo-hotel-hotelres", "user-hotel-hotelres");
            assertThat(d.getTargets().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3 + 16);

            // The same window computed directly with the pure core.
            WindowAccumulator direct = new WindowAccumulator(T0, T0 + 10_000,
                    p.config.algorithmSettings().exclusiveTimeMode(), true);
            traces.forEach(direct::add);
            AlgorithmDecision expected = ScalingAlgorithms.create(p.config.algorithmSettings()).decide(
                    direct.snapshot(p.config.algorithmSettings().averageSla(), p.config.algorithmSettings().tailSla()),
                    Map.of("search", 3), AlgorithmState.NONE);
            expected.targets().forEach((service, replicas) ->
                    assertThat(d.getTargets()).containsEntry(service + "-hotel-hotelres", replicas));
            Map<String, String> deployments = new java.util.TreeMap<>();
            expected.targets().keySet().forEach(service -> deployments.put(service, service + "-hotel-hotelres"));
            var expectedRecord = io.queueflower.core.algorithm.DecisionRecords.toAvro(expected, d.getNamespace(),
                    d.getCreatedAtMs(), deployments);
            assertThat(d.getBlocking()).isEqualTo(expectedRecord.getBlocking()).isNotEmpty();
            assertThat(d.getServiceQueue()).isEqualTo(expectedRecord.getServiceQueue()).isNotEmpty();
            assertThat(d.getReasons()).isEqualTo(expectedRecord.getReasons());

            List<ServiceWindowStats> stats = p.stats.readValuesToList();
            assertThat(stats).extracting(s -> s.getService() + "|" + s.getFlow()).contains(
                    "search|HTTP GET /hotels", "geo|HTTP GET /hotels", "user|HTTP POST /user");
            ServiceWindowStats user = stats.stream().filter(s -> s.getService().equals("user")).findFirst()
                    .orElseThrow();
            assertThat(user.getTraces()).isEqualTo(7);
            assertThat(user.getArrivalRatePerSec()).isEqualTo(0.7);
        }
    }

    @Test
    void emptyWindowsBetweenTrafficAreClosedInOrderAndLateTracesDoNotReopenThem() {
        try (PipelineDriver p = new PipelineDriver(Map.of(), state)) {
            Random random = new Random(1);
            int next = pipeWindow(p, T0, 1, random);
            pipeWindow(p, T0 + 30_000, next, random);
            p.watermark(T0 + 40_000 + 2_000 + 1_500);
            List<ScalingDecision> decisions = p.decisions.readValuesToList();
            assertThat(decisions).extracting(ScalingDecision::getWindowStart)
                    .containsExactly(T0, T0 + 10_000, T0 + 20_000, T0 + 30_000);
            assertThat(decisions.get(1).getFlows()).isEmpty();
            // The first window was still open when traffic resumed after a pause longer than the store's retention
            // (2 windows + grace); its traces must still be in its decision.
            assertThat(decisions.get(0).getFlows().values().stream().mapToLong(f -> f.getTraces()).sum())
                    .isEqualTo(20);

            // A trace of the first window arriving now is counted as late, not decided again.
            p.pipe(span(traceId(999), spanId(1), null, "frontend", "HTTP GET /hotels", T0 + 500, 10));
            p.watermark(T0 + 60_000);
            assertThat(p.decisions.readValuesToList()).extracting(ScalingDecision::getWindowStart)
                    .containsExactly(T0 + 40_000);
            assertThat(p.metric("late-traces-total")).isEqualTo(1.0);
        }
    }

    @Test
    void aLateTraceCountsInTheOldestOpenWindowOrIsDropped() {
        for (String rule : List.of("next-window", "drop")) {
            try (PipelineDriver p = new PipelineDriver(Map.of(StreamsAppConfig.WINDOW_LATE_TRACES, rule), state)) {
                Random random = new Random(1);
                pipeWindow(p, T0, 1, random);
                p.watermark(T0 + 10_000 + 2_000 + 1_500); // closes the first window
                assertThat(p.decisions.readValuesToList()).extracting(ScalingDecision::getWindowStart)
                        .containsExactly(T0);
                // a trace that started in the closed window, and another window's worth of time
                p.pipe(span(traceId(999), spanId(1), null, "frontend", "HTTP GET /late", T0 + 500, 10));
                p.watermark(T0 + 20_000 + 2_000 + 1_500);
                List<ScalingDecision> next = p.decisions.readValuesToList();
                assertThat(next).extracting(ScalingDecision::getWindowStart).containsExactly(T0 + 10_000);
                assertThat(p.metric("late-traces-total")).as(rule).isEqualTo(1.0);
                if (rule.equals("next-window")) {
                    assertThat(next.get(0).getFlows()).containsOnlyKeys("HTTP GET /late");
                    assertThat(next.get(0).getFlows().get("HTTP GET /late").getTraces()).isEqualTo(1);
                } else {
                    assertThat(next.get(0).getFlows()).isEmpty();
                }
            }
        }
    }

    @Test
    void habCarriesItsBisectionStateFromWindowToWindow() {
        try (PipelineDriver p = new PipelineDriver(Map.of(StreamsAppConfig.ALGORITHM, "hab"), state)) {
            Random random = new Random(3);
            int next = 1;
            List<Double> phis = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                next = pipeWindow(p, T0 + w * 10_000L, next, random);
            }
            p.watermark(T0 + 30_000 + 2_000 + 1_500);
            p.decisions.readValuesToList().forEach(d -> phis.add(d.getPhi()));
            assertThat(phis).hasSize(3).doesNotContainNull();
            // Latency is far below the 1500 ms target: after the first window applies phi, bisection lowers it.
            assertThat(phis.get(2)).isLessThan(phis.get(0));
        }
    }
}
