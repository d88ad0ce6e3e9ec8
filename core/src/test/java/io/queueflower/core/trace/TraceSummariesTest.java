package io.queueflower.core.trace;

import static io.queueflower.core.trace.Spans.root;
import static io.queueflower.core.trace.Spans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.avro.Span;
import io.queueflower.avro.TraceSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceSummariesTest {
    @Test
    void summaryCarriesEveryFactOfTheBreakdown() {
        List<Span> spans = List.of(
                Span.newBuilder(root("a", "frontend", "HTTP POST /user", 1_000, 500, 201, false)).setHost("fe-1").build(),
                span("b", "a", "user", "CheckUser", 1_100, 300, "user-2"),
                span("c", "b", "mongodb-user", "find", 1_150, 120, "mongo-1"),
                span("d", "zz", "user", "orphan", 1_200, 5, "user-1"));
        TraceSummary summary = TraceSummaries.summarise(spans, 3, 99_000);

        assertThat(summary.getTraceId()).isEqualTo(Spans.TRACE);
        assertThat(summary.getFlow()).isEqualTo("HTTP POST /user");
        assertThat(summary.getRootService()).isEqualTo("frontend");
        assertThat(summary.getRootStatusCode()).isEqualTo(201);
        assertThat(summary.getStartMicros()).isEqualTo(1_000);
        assertThat(summary.getEndToEndMicros()).isEqualTo(500);
        assertThat(summary.getError()).isFalse();
        assertThat(summary.getSpanCount()).isEqualTo(4);
        assertThat(summary.getServiceSpanCounts()).isEqualTo(Map.of("frontend", 1, "user", 2, "mongodb-user", 1));
        // frontend 500-300 = 200; user (300-120) + 5 = 185; mongodb-user 120
        assertThat(summary.getExclusiveMicros()).isEqualTo(Map.of("frontend", 200L, "user", 185L, "mongodb-user", 120L));
        assertThat(summary.getExclusiveOverlapMicros()).isEqualTo(Map.of("frontend", 200L, "user", 185L, "mongodb-user", 120L));
        assertThat(summary.getHosts()).isEqualTo(Map.of("frontend", List.of("fe-1"), "user", List.of("user-1", "user-2"),
                "mongodb-user", List.of("mongo-1")));
        assertThat(summary.getLateSpans()).isEqualTo(3);
        assertThat(summary.getComplete()).isFalse(); // span d's parent zz never arrived
        assertThat(summary.getEmittedAtMicros()).isEqualTo(99_000);
        assertThat(summary.getExclusiveMicros().keySet()).containsExactly("frontend", "mongodb-user", "user");
    }

    @Test
    void rejectsNegativeLateSpans() {
        assertThatThrownBy(() -> TraceSummaries.summarise(List.of(root("a", "f", "o", 0, 1, 200, false)), -1, 0))
                .hasMessageContaining("lateSpans");
    }
}
