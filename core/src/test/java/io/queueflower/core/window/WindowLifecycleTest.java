package io.queueflower.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.TraceSummary;
import io.queueflower.core.algorithm.AlgorithmDecision;
import io.queueflower.core.algorithm.AlgorithmKind;
import io.queueflower.core.algorithm.AlgorithmSettings;
import io.queueflower.core.algorithm.AlgorithmState;
import io.queueflower.core.algorithm.ScalingAlgorithms;
import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.core.time.LateTraces;
import io.queueflower.core.time.TumblingWindows;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WindowLifecycleTest {
    private static final TumblingWindows WINDOWS = new TumblingWindows(30_000, 10_000);
    private static final String FLOW = "HTTP GET /hotels";

    private static WindowLifecycle lifecycle(LateTraces late) {
        return new WindowLifecycle(AlgorithmSettings.builder().algorithm(AlgorithmKind.HAB).freePool(6).build(),
                WINDOWS, late, true);
    }

    private static TraceSummary trace(String id, long startMs, long searchMicros) {
        return TraceSummary.newBuilder().setTraceId(id).setFlow(FLOW).setStartMicros(startMs * 1000)
                .setEndToEndMicros(1_000 + searchMicros).setError(false).setSpanCount(2).setComplete(true)
                .setExclusiveMicros(Map.of("frontend", 1_000L, "search", searchMicros))
                .setExclusiveOverlapMicros(Map.of("frontend", 1_000L, "search", searchMicros)).build();
    }

    @Test
    void aTraceCountsInTheWindowOfItsStartUnlessThatWindowHasClosed() {
        WindowLifecycle nextWindow = lifecycle(LateTraces.NEXT_WINDOW);
        assertThat(nextWindow.place(65_000, 60_000))
                .isEqualTo(new WindowLifecycle.TracePlacement(false, OptionalLong.of(60_000)));
        assertThat(nextWindow.place(95_000, 60_000))
                .isEqualTo(new WindowLifecycle.TracePlacement(false, OptionalLong.of(90_000)));
        assertThat(nextWindow.place(35_000, 60_000))
                .isEqualTo(new WindowLifecycle.TracePlacement(true, OptionalLong.of(60_000)));
        assertThat(lifecycle(LateTraces.DROP).place(35_000, 60_000))
                .isEqualTo(new WindowLifecycle.TracePlacement(true, OptionalLong.empty()));
    }

    @Test
    void aWindowIsDueAtItsEndPlusGraceAndSeveralCloseInOrder() {
        WindowLifecycle lifecycle = lifecycle(LateTraces.NEXT_WINDOW);
        assertThat(lifecycle.dueCount(0, 39_999)).isZero();
        assertThat(lifecycle.dueCount(0, 40_000)).isEqualTo(1);
        assertThat(lifecycle.dueCount(0, 69_999)).isEqualTo(1);
        assertThat(lifecycle.dueCount(0, 100_000)).isEqualTo(3);
        assertThat(lifecycle.dueCount(30_000, 100_000)).isEqualTo(2);
    }

    @Test
    void closingIsSnapshotThenTheConfiguredAlgorithm() {
        WindowLifecycle lifecycle = lifecycle(LateTraces.NEXT_WINDOW);
        List<TraceSummary> traces = List.of(trace("a", 1_000, 40_000), trace("b", 2_000, 60_000),
                trace("c", 3_000, 50_000));
        Map<String, Integer> current = Map.of("frontend", 2, "search", 2);

        ClosedWindow closed = lifecycle.close(lifecycle.accumulate(0, traces), current, AlgorithmState.NONE);

        assertThat(closed.startMs()).isZero();
        assertThat(closed.endMs()).isEqualTo(30_000);
        assertThat(closed.snapshot().pair("search", FLOW).exclusiveMeanMs()).isEqualTo(50.0);
        AlgorithmDecision direct = ScalingAlgorithms.create(AlgorithmSettings.builder().algorithm(AlgorithmKind.HAB)
                .freePool(6).build()).decide(closed.snapshot(), current, AlgorithmState.NONE);
        assertThat(closed.decision()).isEqualTo(direct);
        assertThat(closed.statsRecords()).extracting(s -> s.getService()).containsExactly("frontend", "search");
        var record = closed.decisionRecord("shop", 123, new DeploymentNames("{service}-v1", Map.of()));
        assertThat(record.getNamespace()).isEqualTo("shop");
        assertThat(record.getCreatedAtMs()).isEqualTo(123);
        assertThat(record.getTargets()).containsOnlyKeys("frontend-v1", "search-v1");
        assertThat(record.getTargets().get("search-v1")).isEqualTo(direct.targets().get("search"));
    }

    @Test
    void anEmptyWindowStillDecides() {
        WindowLifecycle lifecycle = lifecycle(LateTraces.NEXT_WINDOW);
        ClosedWindow closed = lifecycle.close(lifecycle.open(30_000), Map.of("search", 3), AlgorithmState.NONE);
        assertThat(closed.snapshot().flows()).isEmpty();
        assertThat(closed.decision().targets()).containsKey("search");
    }
}
