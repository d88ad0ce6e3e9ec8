package io.queueflower.streams.topology;

import static io.queueflower.streams.topology.PipelineDriver.span;
import static io.queueflower.streams.topology.PipelineDriver.spanId;
import static io.queueflower.streams.topology.PipelineDriver.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.TraceSummary;
import io.queueflower.streams.config.StreamsAppConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceAssemblyTopologyTest {
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path state;

    @Test
    void outOfOrderSpansAssembleIntoOneTraceOnceIdle() {
        try (PipelineDriver p = new PipelineDriver(Map.of(), state)) {
            String t = traceId(1);
            p.pipe(span(t, spanId(3), spanId(2), "geo", "/geo.Geo/Nearby", T0 + 20, 10));
            p.pipe(span(t, spanId(2), spanId(1), "search", "/search.Search/Nearby", T0 + 10, 40));
            p.pipe(span(t, spanId(1), null, "frontend", "HTTP GET /hotels", T0, 100));
            assertThat(p.assembled().isEmpty()).isTrue();
            p.watermark(T0 + 100 + 999);
            assertThat(p.assembled().isEmpty()).as("still within trace.idle.ms").isTrue();
            p.watermark(T0 + 100 + 1000);
            List<TraceSummary> out = p.assembled();
            assertThat(out).hasSize(1);
            TraceSummary s = out.get(0);
            assertThat(s.getFlow()).isEqualTo("HTTP GET /hotels");
            assertThat(s.getSpanCount()).isEqualTo(3);
            assertThat(s.getEndToEndMicros()).isEqualTo(100_000);
            assertThat(s.getExclusiveMicros()).containsEntry("frontend", 60_000L).containsEntry("search", 30_000L)
                    .containsEntry("geo", 10_000L);
            assertThat(s.getComplete()).isTrue();
        }
    }

    @Test
    void traceWithoutRootIsEmittedAtMaxWaitAsIncomplete() {
        try (PipelineDriver p = new PipelineDriver(Map.of(), state)) {
            String t = traceId(2);
            p.pipe(span(t, spanId(2), spanId(1), "search", "/search.Search/Nearby", T0, 40));
            p.watermark(T0 + 40 + 4_999);
            assertThat(p.assembled().isEmpty()).as("idle alone does not emit without a root").isTrue();
            p.watermark(T0 + 40 + 5_000);
            TraceSummary s = p.assembled().get(0);
            assertThat(s.getFlow()).isNull();
            assertThat(s.getComplete()).isFalse();
        }
    }

    @Test
    void duplicateSpansCountOnce() {
        try (PipelineDriver p = new PipelineDriver(Map.of(), state)) {
            String t = traceId(3);
            p.pipe(span(t, spanId(1), null, "frontend", "HTTP GET /hotels", T0, 100));
            p.pipe(span(t, spanId(2), spanId(1), "search", "/search.Search/Nearby", T0 + 10, 40));
            p.pipe(span(t, spanId(2), spanId(1), "search", "/search.Search/Nearby", T0 + 10, 40));
            p.watermark(T0 + 2_000);
            TraceSummary s = p.assembled().get(0);
            assertThat(s.getSpanCount()).isEqualTo(2);
            assertThat(s.getExclusiveMicros()).containsEntry("frontend", 60_000L);
            assertThat(p.metric("duplicate-spans-total")).isEqualTo(1.0);
        }
    }

    @Test
    void lateSpansAreCountedInAMetricAndInTheNextSummaryNeverAsASecondTrace() {
        try (PipelineDriver p = new PipelineDriver(Map.of(), state)) {
            String t = traceId(4);
            p.pipe(span(t, spanId(1), null, "frontend", "HTTP GET /hotels", T0, 100));
            p.watermark(T0 + 2_000);
            assertThat(p.assembled()).hasSize(1);
            p.pipe(span(t, spanId(2), spanId(1), "search", "/search.Search/Nearby", T0 + 10, 40));
            p.watermark(T0 + 2_500);
            assertThat(p.assembled().isEmpty()).as("a late span does not re-emit its trace").isTrue();
            assertThat(p.metric("late-spans-total")).isEqualTo(1.0);

            String next = traceId(5);
            p.pipe(span(next, spanId(1), null, "frontend", "HTTP GET /hotels", T0 + 3_000, 100));
            p.watermark(T0 + 5_000);
            TraceSummary s = p.assembled().get(0);
            assertThat(s.getTraceId()).isEqualTo(next);
            assertThat(s.getLateSpans()).isEqualTo(1);
        }
    }

    /** Spans are kept in chunks of 64: a trace over several chunks comes out whole, a duplicate of an early span once. */
    @Test
    void aTraceOverSeveralChunksComesOutWholeAndADuplicateInAnEarlierChunkCountsOnce() {
        try (PipelineDriver p = new PipelineDriver(Map.of(), state)) {
            String t = traceId(7);
            int spans = 3 * TraceAssemblyProcessor.CHUNK_SPANS + 8;
            p.pipe(span(t, spanId(1), null, "frontend", "HTTP GET /hotels", T0, 1000));
            for (int i = 2; i <= spans; i++) {
                p.pipe(span(t, spanId(i), spanId(1), "search", "/search.Search/Nearby", T0 + i, 1));
                if (i == 150) {
                    p.pipe(span(t, spanId(5), spanId(1), "search", "/search.Search/Nearby", T0 + 5, 1));
                }
            }
            p.watermark(T0 + 3_000);
            List<TraceSummary> out = p.assembled();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).getSpanCount()).isEqualTo(spans);
            assertThat(out.get(0).getExclusiveMicros()).containsEntry("search", (spans - 1) * 1_000L);
            assertThat(p.metric("duplicate-spans-total")).isEqualTo(1.0);
        }
    }

    @Test
    void veryLargeTraceIsEmittedAtTheSpanCapAndTheRestCountAsLate() {
        try (PipelineDriver p = new PipelineDriver(Map.of(StreamsAppConfig.TRACE_MAX_SPANS, "50"), state)) {
            String t = traceId(6);
            p.pipe(span(t, spanId(1), null, "frontend", "HTTP GET /hotels", T0, 1000));
            for (int i = 2; i <= 60; i++) {
                p.pipe(span(t, spanId(i), spanId(1), "search", "/search.Search/Nearby", T0 + i, 1));
            }
            List<TraceSummary> out = p.assembled();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).getSpanCount()).isEqualTo(50);
            assertThat(p.metric("late-spans-total")).isEqualTo(10.0);
        }
    }
}
