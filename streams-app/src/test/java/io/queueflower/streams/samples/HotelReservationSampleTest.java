package io.queueflower.streams.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import io.queueflower.streams.decode.SpanFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed sample is what the generator makes, and it is the data later window tests rely on. */
class HotelReservationSampleTest {
    private static final Path SAMPLE = Path.of(System.getProperty("basedir", ".")).resolve("..")
            .resolve(HotelReservationSample.FILE).normalize();
    private static List<Span> spans;

    @BeforeAll
    static void decodeSample() throws IOException {
        if (Boolean.getBoolean("samples.regenerate")) {
            Files.writeString(SAMPLE, HotelReservationSample.generate(), StandardCharsets.UTF_8);
        }
        spans = SpanFormat.JAEGER_UI.decoder().decode(Files.readAllBytes(SAMPLE));
    }

    @Test
    void theCommittedFileIsWhatTheGeneratorMakes() throws IOException {
        assertThat(Files.readString(SAMPLE, StandardCharsets.UTF_8))
                .as("%s is stale; regenerate with: mvn -o -q -pl streams-app test "
                        + "-Dtest=HotelReservationSampleTest -Dsamples.regenerate=true", SAMPLE)
                .isEqualTo(HotelReservationSample.generate());
    }

    @Test
    void holdsEnoughTracesOverThreeMinutesForWindowTests() {
        Set<String> traces = spans.stream().map(Span::getTraceId).collect(Collectors.toSet());
        long first = spans.stream().mapToLong(Span::getStartMicros).min().orElseThrow();
        long last = spans.stream().mapToLong(Span::getStartMicros).max().orElseThrow();

        assertThat(traces).hasSize(HotelReservationSample.TRACES).hasSizeGreaterThanOrEqualTo(20);
        assertThat(last - first).isBetween(170_000_000L, 190_000_000L);
        assertThat(traces).anyMatch(id -> id.startsWith("0000000000000000"))
                .anyMatch(id -> !id.startsWith("0000000000000000"));
    }

    @Test
    void coversTheHotelReservationServicesAndRequests() {
        assertThat(spans).extracting(Span::getService).containsOnly("frontend", "search", "geo", "rate", "profile",
                "recommendation", "reservation", "user");
        assertThat(spans).filteredOn(span -> span.getParentSpanId() == null).extracting(Span::getOperation)
                .contains("HTTP GET /hotels", "HTTP GET /recommendations", "HTTP POST /user", "HTTP POST /reservation");
        assertThat(spans).allSatisfy(span -> assertThat(span.getHost()).startsWith(span.getService() + "-"));
        assertThat(spans).filteredOn(Span::getError).isNotEmpty();
    }

    @Test
    void everyTraceIsAWellFormedTreeOfClientServerPairs() {
        Map<String, Span> byId = spans.stream().collect(Collectors.toMap(
                span -> span.getTraceId() + "/" + span.getSpanId(), Function.identity()));

        for (Span span : spans) {
            if (span.getParentSpanId() == null) {
                assertThat(span.getService()).isEqualTo("frontend");
                assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
                assertThat(span.getStatusCode()).isIn(200, 500);
                continue;
            }
            Span parent = byId.get(span.getTraceId() + "/" + span.getParentSpanId());
            assertThat(parent).as("parent of %s", span.getSpanId()).isNotNull();
            assertThat(span.getStartMicros()).isGreaterThanOrEqualTo(parent.getStartMicros());
            assertThat(span.getStartMicros() + span.getDurationMicros())
                    .isLessThanOrEqualTo(parent.getStartMicros() + parent.getDurationMicros());
            if (span.getKind() == SpanKind.SERVER) {
                assertThat(parent.getKind()).isEqualTo(SpanKind.CLIENT);
                assertThat(parent.getService()).isNotEqualTo(span.getService());
                assertThat(parent.getOperation()).isEqualTo(span.getOperation());
            } else {
                assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
                assertThat(parent.getKind()).isEqualTo(SpanKind.SERVER);
                assertThat(parent.getService()).isEqualTo(span.getService());
            }
        }
    }
}
