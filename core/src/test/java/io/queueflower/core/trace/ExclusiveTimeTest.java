package io.queueflower.core.trace;

import static io.queueflower.core.trace.Spans.root;
import static io.queueflower.core.trace.Spans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.avro.Span;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExclusiveTimeTest {

    /*
     * frontend A [0,100)  "HTTP GET /hotels"
     *   search B [10,70)
     *     geo  C [20,40)
     *     rate D [25,55)    (overlaps C)
     *   frontend E [75,85)
     *
     * reference:  A = 100-(60+10) = 30, E = 10 -> frontend 40; B = 60-(20+30) = 10; geo 20; rate 30
     * overlap:    A = 100-|[10,70)u[75,85)| = 100-70 = 30 -> frontend 40; B = 60-|[20,55)| = 25; geo 20; rate 30
     */
    private static List<Span> hotelTrace() {
        List<Span> spans = new ArrayList<>();
        spans.add(Span.newBuilder(root("a", "frontend", "HTTP GET /hotels", 0, 100, 200, false)).setHost("fe-1").build());
        spans.add(span("b", "a", "search", "Nearby", 10, 60, "search-1"));
        spans.add(span("c", "b", "geo", "Nearby", 20, 20, "geo-1"));
        spans.add(span("d", "b", "rate", "GetRates", 25, 30, "rate-1"));
        spans.add(span("e", "a", "frontend", "render", 75, 10, "fe-2"));
        return spans;
    }

    @Test
    void nestedTraceGivesReferenceAndOverlapAwareExclusiveTimePerService() {
        TraceBreakdown trace = ExclusiveTime.analyse(hotelTrace());

        assertThat(trace.services()).containsOnlyKeys("frontend", "search", "geo", "rate");
        assertThat(trace.services().get("frontend")).isEqualTo(new ServiceBreakdown(2, 40, 40, List.of("fe-1", "fe-2")));
        assertThat(trace.services().get("search")).isEqualTo(new ServiceBreakdown(1, 10, 25, List.of("search-1")));
        assertThat(trace.services().get("geo")).isEqualTo(new ServiceBreakdown(1, 20, 20, List.of("geo-1")));
        assertThat(trace.services().get("rate")).isEqualTo(new ServiceBreakdown(1, 30, 30, List.of("rate-1")));
        assertThat(trace.flow()).isEqualTo("HTTP GET /hotels");
        assertThat(trace.rootService()).isEqualTo("frontend");
        assertThat(trace.rootStatusCode()).isEqualTo(200);
        assertThat(trace.startMicros()).isZero();
        assertThat(trace.endToEndMicros()).isEqualTo(100);
        assertThat(trace.error()).isFalse();
        assertThat(trace.spanCount()).isEqualTo(5);
        assertThat(trace.complete()).isTrue();
    }

    @Test
    void theRootIsTheEarliestParentlessSpanWhateverTheArrivalOrder() {
        Span child = span("c", "a", "search", "Search", 0, 10, "h");
        Span late = root("b", "frontend", "HTTP GET /late", 200, 5, 200, false);
        Span early = root("a", "frontend", "HTTP GET /hotels", 100, 50, 200, false);
        Span tie = root("0", "frontend", "HTTP GET /tie", 100, 50, 200, false);
        assertThat(ExclusiveTime.root(List.of(child, late, early))).contains(early);
        assertThat(ExclusiveTime.root(List.of(early, late, child))).contains(early);
        assertThat(ExclusiveTime.root(List.of(early, tie))).contains(tie);
        assertThat(ExclusiveTime.root(List.of(child))).isEmpty();
        assertThat(ExclusiveTime.analyse(List.of(late, child, early)).flow()).isEqualTo("HTTP GET /hotels");
    }

    @Test
    void parallelFanOutGoesNegativeInTheReferenceButNotOverlapAware() {
        // P [0,50) with children X [0,40) and Y [5,45): reference 50-80 = -30; overlap 50-|[0,45)| = 5
        List<Span> spans = List.of(
                root("p", "gateway", "HTTP GET /x", 0, 50, 200, false),
                span("x", "p", "left", "op", 0, 40, null),
                span("y", "p", "right", "op", 5, 40, null));
        ServiceBreakdown gateway = ExclusiveTime.analyse(spans).services().get("gateway");
        assertThat(gateway.exclusiveMicros()).isEqualTo(-30);
        assertThat(gateway.exclusiveOverlapMicros()).isEqualTo(5);
        assertThat(gateway.hosts()).isEmpty();
    }

    @Test
    void overlapAwareTermIsClippedAtZeroPerSpan() {
        // P [0,30) with two children [0,40): union 40 > 30 -> max(0,-10) = 0; reference 30-80 = -50
        List<Span> spans = List.of(
                root("p", "gateway", "HTTP GET /x", 0, 30, 200, false),
                span("x", "p", "left", "op", 0, 40, null),
                span("y", "p", "left", "op", 0, 40, null));
        ServiceBreakdown gateway = ExclusiveTime.analyse(spans).services().get("gateway");
        assertThat(gateway.exclusiveMicros()).isEqualTo(-50);
        assertThat(gateway.exclusiveOverlapMicros()).isZero();
    }

    @Test
    void duplicateSpanIdsCountOnceAndTheFirstWins() {
        List<Span> spans = hotelTrace();
        spans.add(span("b", "a", "search", "Nearby", 10, 999, "search-9"));
        spans.add(hotelTrace().get(3));
        TraceBreakdown trace = ExclusiveTime.analyse(spans);
        assertThat(trace.spanCount()).isEqualTo(5);
        assertThat(trace.duplicateSpans()).isEqualTo(2);
        assertThat(trace.services().get("search")).isEqualTo(new ServiceBreakdown(1, 10, 25, List.of("search-1")));
        assertThat(trace.services().get("rate").exclusiveMicros()).isEqualTo(30);
    }

    @Test
    void missingParentMakesTheTraceIncompleteButItsSpansStillCount() {
        List<Span> spans = hotelTrace();
        spans.remove(1); // drop search B: geo and rate lose their parent, A loses a child
        TraceBreakdown trace = ExclusiveTime.analyse(spans);
        assertThat(trace.complete()).isFalse();
        assertThat(trace.spansWithMissingParent()).isEqualTo(2);
        assertThat(trace.flow()).isEqualTo("HTTP GET /hotels");
        assertThat(trace.services().get("frontend").exclusiveMicros()).isEqualTo(90 + 10); // A = 100-10, E = 10
        assertThat(trace.services().get("geo").exclusiveMicros()).isEqualTo(20);
    }

    @Test
    void traceWithoutRootHasNoFlowAndSpansItsExtent() {
        List<Span> spans = List.of(
                span("b", "a", "search", "Nearby", 10, 60, null),
                span("c", "b", "geo", "Nearby", 20, 80, null));
        TraceBreakdown trace = ExclusiveTime.analyse(spans);
        assertThat(trace.flow()).isNull();
        assertThat(trace.rootService()).isNull();
        assertThat(trace.startMicros()).isEqualTo(10);
        assertThat(trace.endToEndMicros()).isEqualTo(90); // 100 - 10
        assertThat(trace.error()).isFalse();
        assertThat(trace.complete()).isFalse();
        assertThat(trace.services().get("search").exclusiveMicros()).isEqualTo(60 - 80);
    }

    @Test
    void spanNamingItselfAsParentCountsAsMissingParentNotAsItsOwnChild() {
        List<Span> spans = List.of(root("a", "fe", "HTTP GET /", 0, 10, 200, false), span("s", "s", "x", "op", 0, 7, null));
        TraceBreakdown trace = ExclusiveTime.analyse(spans);
        assertThat(trace.spansWithMissingParent()).isEqualTo(1);
        assertThat(trace.services().get("x").exclusiveMicros()).isEqualTo(7);
    }

    @Test
    void earliestParentlessSpanIsTheRoot() {
        List<Span> spans = List.of(
                root("z", "late", "HTTP GET /late", 5, 10, 200, false),
                root("y", "early", "HTTP GET /early", 1, 10, 200, false),
                root("x", "tie", "HTTP GET /tie", 5, 10, 200, false));
        assertThat(ExclusiveTime.analyse(spans).flow()).isEqualTo("HTTP GET /early");
        assertThat(ExclusiveTime.analyse(List.of(spans.get(0), spans.get(2))).flow()).isEqualTo("HTTP GET /tie");
    }

    @Test
    void rootErrorFlagOrNon2xxStatusMakesTheTraceAnError() {
        assertThat(ExclusiveTime.analyse(List.of(root("a", "fe", "f", 0, 1, 200, true))).error()).isTrue();
        assertThat(ExclusiveTime.analyse(List.of(root("a", "fe", "f", 0, 1, 503, false))).error()).isTrue();
        assertThat(ExclusiveTime.analyse(List.of(root("a", "fe", "f", 0, 1, 204, false))).error()).isFalse();
        // a failed child does not make the trace an error: only the root decides
        List<Span> childFailed = List.of(root("a", "fe", "f", 0, 10, 200, false),
                Span.newBuilder(span("b", "a", "db", "q", 0, 1, null)).setError(true).setStatusCode(500).build());
        assertThat(ExclusiveTime.analyse(childFailed).error()).isFalse();
    }

    @Test
    void rejectsEmptyMixedAndNegativeInputNamingTheCulprit() {
        assertThatThrownBy(() -> ExclusiveTime.analyse(List.of())).hasMessageContaining("at least one span");
        Span other = Span.newBuilder(span("q", null, "fe", "f", 0, 1, null)).setTraceId("ffff").build();
        assertThatThrownBy(() -> ExclusiveTime.analyse(List.of(root("a", "fe", "f", 0, 1, 200, false), other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("span q").hasMessageContaining("ffff").hasMessageContaining(Spans.TRACE);
        assertThatThrownBy(() -> ExclusiveTime.analyse(List.of(span("n", null, "fe", "f", 0, -4, null))))
                .hasMessageContaining("span n").hasMessageContaining("negative duration");
    }

    @Test
    void unionLengthMergesOverlappingAndTouchingIntervals() {
        assertThat(ExclusiveTime.unionLength(new long[][] {})).isZero();
        assertThat(ExclusiveTime.unionLength(new long[][] {{30, 40}, {0, 10}})).isEqualTo(20);
        assertThat(ExclusiveTime.unionLength(new long[][] {{0, 10}, {10, 20}})).isEqualTo(20);
        assertThat(ExclusiveTime.unionLength(new long[][] {{0, 100}, {10, 20}, {50, 120}, {200, 201}})).isEqualTo(121);
    }
}
