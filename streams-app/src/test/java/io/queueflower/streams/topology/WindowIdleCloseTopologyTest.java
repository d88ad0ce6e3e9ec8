package io.queueflower.streams.topology;

import static io.queueflower.streams.topology.PipelineDriver.span;
import static io.queueflower.streams.topology.PipelineDriver.spanId;
import static io.queueflower.streams.topology.PipelineDriver.traceId;
import static io.queueflower.streams.topology.WindowDecisionTopologyTest.pipeWindow;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.streams.config.StreamsAppConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows closing on wall-clock silence ({@code window.idle.close.ms}), on the driver's wall clock: it moves only when
 * a test advances it, so everything here is deterministic. {@link PipelineDriver} windows are 10 s with 2 s grace,
 * trace idle 1 s.
 */
class WindowIdleCloseTopologyTest {
    static final long T0 = WindowDecisionTopologyTest.T0;
    static final long IDLE = 30_000;
    /** Trace assembly lets out the traces it holds after half the idle time. */
    static final long FLUSH = IDLE / 2;
    /** The start of the last trace {@link WindowDecisionTopologyTest#pipeWindow} writes into the window at T0. */
    static final long LAST_START = T0 + 100 + 19 * 300;
    static final Map<String, Integer> REPLICAS = Map.of("frontend", 2, "search", 3, "geo", 2, "user", 4);

    @TempDir
    Path state;

    static Map<String, String> settings(String... pairs) {
        Map<String, String> settings = new HashMap<>(Map.of(StreamsAppConfig.TARGET_NAMESPACE, "hotel",
                StreamsAppConfig.DEPLOYMENT_PATTERN, "{service}-hotel-hotelres",
                StreamsAppConfig.EXCLUDED_SERVICES, "frontend",
                StreamsAppConfig.WINDOW_IDLE_CLOSE_MS, Long.toString(IDLE)));
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put(pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    static void publishReplicas(PipelineDriver p) {
        REPLICAS.forEach((service, replicas) -> p.replicas.pipeInput("hotel/" + service + "-hotel-hotelres",
                new ReplicaStatus("hotel", service + "-hotel-hotelres", replicas, replicas, replicas, false, T0), T0));
    }

    /** A window of traffic at T0, then silence until the trace assembly has let out what it held. */
    static void trafficThenFlush(PipelineDriver p) {
        pipeWindow(p, T0, 1, new Random(7));
        int assembled = p.assembled().size();
        assertThat(assembled).as("the last traces wait for spans that will not come").isLessThan(20);
        p.advanceWallClock(FLUSH - 1_000);
        assertThat(p.assembled()).as("before half the idle time").isEmpty();
        p.advanceWallClock(1_000);
        assertThat(p.assembled()).as("let out after half the idle time").hasSize(20 - assembled);
        assertThat(p.metric("traces-assembled-idle-total")).isEqualTo(20 - assembled);
        assertThat(p.decisions.isEmpty()).isTrue();
    }

    static long traces(ScalingDecision decision) {
        return decision.getFlows().values().stream().mapToLong(f -> f.getTraces()).sum();
    }

    @Test
    void silenceClosesTheOpenWindowThenEmptyWindowsQueueFlowerKeepingTheCurrentReplicas() {
        try (PipelineDriver p = new PipelineDriver(settings(StreamsAppConfig.VARIANT, "prop"), state)) {
            publishReplicas(p);
            trafficThenFlush(p);

            // The last trace arrived with the flush; nothing moves until a full idle time has passed since.
            p.advanceWallClock(IDLE - 1_000);
            assertThat(p.decisions.isEmpty()).as("before the idle time").isTrue();
            p.advanceWallClock(1_000);
            // Time = the last trace start + the silence since it arrived = T0 + 35.8 s, which closes every window
            // whose end + 2 s grace is at or before it: those starting at T0, T0 + 10 s and T0 + 20 s.
            List<ScalingDecision> decisions = p.decisions.readValuesToList();
            assertThat(decisions).extracting(ScalingDecision::getWindowStart)
                    .containsExactly(T0, T0 + 10_000, T0 + 20_000);
            assertThat(LAST_START + IDLE).isEqualTo(T0 + 35_800);
            assertThat(traces(decisions.get(0))).as("every trace, the ones let out by the silence included")
                    .isEqualTo(20);
            decisions.subList(1, 3).forEach(WindowIdleCloseTopologyTest::assertQueueFlowerZeroLoad);

            // From now on time runs with the wall clock: the window at T0 + 30 s closes when time reaches its
            // end + grace, T0 + 42 s, 6.2 s of wall clock later.
            p.advanceWallClock(6_000);
            assertThat(p.decisions.isEmpty()).as("T0 + 41.8 s closes nothing more").isTrue();
            p.advanceWallClock(1_000);
            List<ScalingDecision> next = p.decisions.readValuesToList();
            assertThat(next).extracting(ScalingDecision::getWindowStart).containsExactly(T0 + 30_000);
            assertQueueFlowerZeroLoad(next.get(0));

            assertThat(p.metric("windows-closed-idle-total")).isEqualTo(4.0);
            assertThat(p.metric("windows-closed-total")).isEqualTo(4.0);
            assertThat(p.metric("late-traces-total")).isZero();
        }
    }

    /**
     * QueueFlower on a window without traces, from its definition: every q[n] is 0 and there is no violation, so
     * every term's total is 0 and contributes nothing, b[n] = 0 for all; with Σb = 0 there is nothing to share in
     * proportion to and every service keeps its current replicas (within the 1..100 clamps). The services are those
     * with replicas, minus the excluded frontend.
     */
    static void assertQueueFlowerZeroLoad(ScalingDecision d) {
        assertThat(d.getFlows()).isEmpty();
        Map<String, Double> zero = Map.of("search", 0.0, "geo", 0.0, "user", 0.0);
        assertThat(d.getServiceQueue()).isEqualTo(zero);
        assertThat(d.getBlocking()).isEqualTo(zero);
        assertThat(d.getTargets()).isEqualTo(Map.of("search-hotel-hotelres", 3, "geo-hotel-hotelres", 2,
                "user-hotel-hotelres", 4));
        assertThat(d.getParameters()).containsEntry("note", "blocking scores sum to 0: current replicas kept");
    }

    @Test
    void hpaScalesEveryServiceToItsMinimumOnEmptyWindows() {
        try (PipelineDriver p = new PipelineDriver(settings(StreamsAppConfig.ALGORITHM, "hpa"), state)) {
            publishReplicas(p);
            trafficThenFlush(p);
            p.advanceWallClock(IDLE);
            List<ScalingDecision> decisions = p.decisions.readValuesToList();
            assertThat(decisions).extracting(ScalingDecision::getWindowStart)
                    .containsExactly(T0, T0 + 10_000, T0 + 20_000);
            assertThat(traces(decisions.get(0))).isEqualTo(20);
            // Zero load: λ = 0, so u = 0 and ceil(current · u / target) = 0, lifted to hpa.min.replicas = 1 (within
            // the 1..100 clamps), from 3, 2 and 4 replicas alike.
            for (ScalingDecision empty : decisions.subList(1, 3)) {
                assertThat(empty.getCurrentReplicas()).containsEntry("search-hotel-hotelres", 3)
                        .containsEntry("geo-hotel-hotelres", 2).containsEntry("user-hotel-hotelres", 4);
                assertThat(empty.getTargets()).isEqualTo(Map.of("search-hotel-hotelres", 1, "geo-hotel-hotelres", 1,
                        "user-hotel-hotelres", 1));
            }
        }
    }

    @Test
    void habHoldsPhiAndGivesEveryServiceOnePodOnEmptyWindows() {
        try (PipelineDriver p = new PipelineDriver(settings(StreamsAppConfig.ALGORITHM, "hab"), state)) {
            publishReplicas(p);
            trafficThenFlush(p);
            p.advanceWallClock(IDLE);
            List<ScalingDecision> decisions = p.decisions.readValuesToList();
            assertThat(decisions).hasSize(3);
            // No error-free trace: φ holds; s[n] = 0 gives raw pods φ·λ_base·0 = 0, and HAB's minimum is 1.
            for (ScalingDecision empty : decisions.subList(1, 3)) {
                assertThat(empty.getPhi()).isEqualTo(decisions.get(0).getPhi());
                assertThat(empty.getParameters()).containsEntry("note", "no error-free trace: phi held")
                        .containsEntry("measuredLatencyMs", "none");
                assertThat(empty.getTargets()).isEqualTo(Map.of("search-hotel-hotelres", 1, "geo-hotel-hotelres", 1,
                        "user-hotel-hotelres", 1));
            }
        }
    }

    @Test
    void noWindowClosesWhileTracesKeepArrivingHoweverLongTheWallClockRuns() {
        try (PipelineDriver p = new PipelineDriver(settings(), state)) {
            // 24 traces in the window at T0, one every 5 s of wall clock: 120 s, four idle times, pass meanwhile.
            for (int i = 0; i < 24; i++) {
                pipeTrace(p, i + 1, T0 + 100 + i * 300L);
                p.advanceWallClock(5_000);
            }
            assertThat(p.decisions.isEmpty()).isTrue();
            assertThat(p.metric("traces-assembled-idle-total")).isZero();
            assertThat(p.metric("windows-closed-idle-total")).isZero();

            // Once the traces stop, the same clock does close the window, with all of them.
            p.advanceWallClock(FLUSH);
            p.advanceWallClock(IDLE);
            List<ScalingDecision> decisions = p.decisions.readValuesToList();
            assertThat(decisions).extracting(ScalingDecision::getWindowStart).startsWith(T0);
            assertThat(traces(decisions.get(0))).isEqualTo(24);
        }
    }

    @Test
    void zeroDisablesTheIdleClose() {
        try (PipelineDriver p = new PipelineDriver(settings(StreamsAppConfig.WINDOW_IDLE_CLOSE_MS, "0"), state)) {
            pipeWindow(p, T0, 1, new Random(7));
            int assembled = p.assembled().size();
            p.advanceWallClock(24 * 3_600_000L);
            p.advanceWallClock(1_000);
            assertThat(p.assembled()).isEmpty();
            assertThat(p.decisions.isEmpty()).isTrue();
            assertThat(p.metric("windows-closed-idle-total")).isZero();

            // Event time still closes windows as before.
            p.watermark(T0 + 10_000 + 2_000 + 1_500);
            assertThat(p.assembled()).hasSize(20 - assembled);
            assertThat(p.decisions.readValuesToList()).extracting(WindowIdleCloseTopologyTest::traces)
                    .containsExactly(20L);
        }
    }

    @Test
    void trafficAfterTheSilenceFillsTheOpenWindowAndTracesOfClosedWindowsAreLateThere() {
        try (PipelineDriver p = new PipelineDriver(settings(), state)) {
            trafficThenFlush(p);
            p.advanceWallClock(IDLE);
            assertThat(p.decisions.readValuesToList()).extracting(ScalingDecision::getWindowStart)
                    .containsExactly(T0, T0 + 10_000, T0 + 20_000);

            // Time stands at T0 + 35.8 s; the window at T0 + 30 s is open and takes traces behind that time.
            pipeWindow(p, T0 + 30_000, 100, new Random(9));
            pipeTrace(p, 999, T0 + 10_500);
            p.watermark(T0 + 40_000 + 2_000 + 1_500);
            List<ScalingDecision> decisions = p.decisions.readValuesToList();
            assertThat(decisions).extracting(ScalingDecision::getWindowStart).containsExactly(T0 + 30_000);
            // 20 of its own and the late one, counted in the oldest open window (window.late.traces=next-window)
            assertThat(traces(decisions.get(0))).isEqualTo(21);
            assertThat(p.metric("late-traces-total")).isEqualTo(1.0);
        }
    }

    /** A two-span trace: frontend calling search. */
    static void pipeTrace(PipelineDriver p, int n, long startMs) {
        String t = traceId(n);
        p.pipe(span(t, spanId(1), null, "frontend", "HTTP GET /hotels", startMs, 30));
        p.pipe(span(t, spanId(2), spanId(1), "search", "/search.Search/Nearby", startMs + 1, 25));
    }
}
