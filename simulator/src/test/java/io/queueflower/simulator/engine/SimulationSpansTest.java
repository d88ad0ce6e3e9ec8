package io.queueflower.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import io.queueflower.avro.TraceSummary;
import io.queueflower.core.trace.TraceSummaries;
import io.queueflower.core.workload.ConstantRate;
import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.ModelLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The spans of simulated hotelReservation requests look like what gRPC + HTTP instrumentation produces. */
class SimulationSpansTest {
    private static final Pattern POD = Pattern.compile("[a-z]+-[bcdfghjklmnpqrstvwxz2456789]{9}-[bcdfghjklmnpqrstvwxz2456789]{5}");

    static List<CompletedRequest> run(AppModel model, long seed, double rate, double seconds) {
        List<CompletedRequest> done = new ArrayList<>();
        Simulation simulation = new Simulation(model, new ConstantRate(rate), SimulationSettings.defaults(seed),
                done::add);
        simulation.runUntil(seconds);
        return done;
    }

    @Test
    void everyTraceIsAWellFormedCallTree() {
        AppModel model = ModelLoader.defaultModel();
        List<CompletedRequest> requests = run(model, 3, 40, 120);
        assertThat(requests).hasSizeGreaterThan(4000);
        Map<String, Integer> spansPerFlow = new HashMap<>();
        for (CompletedRequest request : requests) {
            List<Span> spans = request.spans();
            Map<String, Span> byId = new HashMap<>();
            spans.forEach(s -> assertThat(byId.put(s.getSpanId(), s)).as("unique span ids").isNull());
            List<Span> roots = spans.stream().filter(s -> s.getParentSpanId() == null).toList();
            assertThat(roots).hasSize(1);
            Span root = roots.get(0);
            assertThat(root.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(root.getService()).isEqualTo("frontend");
            assertThat(root.getOperation()).isEqualTo(request.flow());
            assertThat(root.getStatusCode()).isEqualTo(200);
            assertThat(root.getDurationMicros()).isEqualTo(Math.round(request.endSeconds() * 1e6)
                    - Math.round(request.startSeconds() * 1e6));
            for (Span span : spans) {
                assertThat(span.getTraceId()).isEqualTo(request.traceId()).hasSize(32);
                assertThat(span.getHost()).matches(POD).startsWith(span.getService() + "-");
                assertThat(span.getError()).isFalse();
                if (span.getParentSpanId() == null) {
                    continue;
                }
                Span parent = byId.get(span.getParentSpanId());
                assertThat(parent).as("parent of %s", span).isNotNull();
                // children lie within their parents
                assertThat(span.getStartMicros()).isGreaterThanOrEqualTo(parent.getStartMicros());
                assertThat(span.getStartMicros() + span.getDurationMicros())
                        .isLessThanOrEqualTo(parent.getStartMicros() + parent.getDurationMicros());
                if (span.getKind() == SpanKind.CLIENT) {
                    // a CLIENT span belongs to its caller's SERVER span, on the same pod
                    assertThat(parent.getKind()).isEqualTo(SpanKind.SERVER);
                    assertThat(span.getService()).isEqualTo(parent.getService());
                    assertThat(span.getHost()).isEqualTo(parent.getHost());
                    assertThat(span.getStatusCode()).isZero(); // rpc.grpc.status_code OK
                } else {
                    // a non-root SERVER span is the callee side of exactly that CLIENT span
                    assertThat(parent.getKind()).isEqualTo(SpanKind.CLIENT);
                    assertThat(span.getOperation()).isEqualTo(parent.getOperation());
                    assertThat(span.getService()).isNotEqualTo(parent.getService());
                    assertThat(span.getStatusCode()).isZero();
                }
            }
            spansPerFlow.merge(request.flow(), spans.size(), (a, b) -> {
                assertThat(b).as("same span count for every trace of a flow").isEqualTo(a);
                return a;
            });
            TraceSummary summary = TraceSummaries.summarise(spans, 0, 0);
            assertThat(summary.getComplete()).isTrue();
            assertThat(summary.getError()).isFalse();
            assertThat(summary.getEndToEndMicros()).isEqualTo(root.getDurationMicros());
        }
        // frontend SERVER + one CLIENT/SERVER pair per call: hotels has 5 calls, recommendations 2, user 1, reservation 2
        assertThat(spansPerFlow).containsEntry("HTTP GET /hotels", 11).containsEntry("HTTP GET /recommendations", 5)
                .containsEntry("HTTP POST /user", 3).containsEntry("HTTP POST /reservation", 5);
    }

    @Test
    void sameSeedGivesTheSameSpansAndAnotherSeedDoesNot() {
        AppModel model = ModelLoader.defaultModel();
        List<CompletedRequest> first = run(model, 11, 30, 60);
        List<CompletedRequest> second = run(model, 11, 30, 60);
        List<CompletedRequest> other = run(model, 12, 30, 60);
        assertThat(second).isEqualTo(first);
        assertThat(other.get(0).traceId()).isNotEqualTo(first.get(0).traceId());
    }

    @Test
    void failuresStopTheHandlerAndSurfaceAsHttp500() {
        String yaml = ModelLoader.defaultModelText().replace(
                "/search.Search/Nearby: {serviceTime: {type: exponential, meanMs: 50}}",
                "/search.Search/Nearby: {serviceTime: {type: exponential, meanMs: 50}, errorProbability: 1.0}");
        AppModel model = ModelLoader.parse(yaml, "failing.yaml", null);
        List<CompletedRequest> requests = run(model, 5, 20, 30);
        List<CompletedRequest> hotels = requests.stream().filter(r -> r.flow().equals("HTTP GET /hotels")).toList();
        assertThat(hotels).isNotEmpty().allMatch(CompletedRequest::error);
        for (CompletedRequest request : hotels) {
            Span root = request.spans().stream().filter(s -> s.getParentSpanId() == null).findFirst().orElseThrow();
            assertThat(root.getStatusCode()).isEqualTo(500);
            assertThat(root.getError()).isTrue();
            // search fails after its work: no geo/rate, and the frontend skips reservation and profile
            assertThat(request.spans()).extracting(Span::getService).containsOnly("frontend", "search");
            Span searchServer = request.spans().stream()
                    .filter(s -> s.getService().equals("search") && s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
            assertThat(searchServer.getStatusCode()).isEqualTo(2);
            assertThat(TraceSummaries.summarise(request.spans(), 0, 0).getError()).isTrue();
        }
        assertThat(requests).filteredOn(r -> r.flow().equals("HTTP GET /recommendations")).noneMatch(CompletedRequest::error);
    }
}
