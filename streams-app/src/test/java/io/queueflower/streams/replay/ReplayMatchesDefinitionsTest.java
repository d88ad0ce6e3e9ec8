package io.queueflower.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueflower.avro.Span;
import io.queueflower.streams.cli.ReplayCommand;
import io.queueflower.streams.decode.SpanFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code replay} on a Jaeger UI export matches a direct computation of the definitions
 * ({@link ReferenceComputation}), every key of every window, within 1e-9 relative.
 */
class ReplayMatchesDefinitionsTest {
    static final Path SAMPLE = Path.of(System.getProperty("basedir", "."))
            .resolve("../samples/hotel-reservation-jaeger-ui.json").normalize();
    static final List<String> KEYS = List.of("windowStart", "windowEnd", "flows", "queues", "serviceQueue", "tail",
            "avgViolation", "tailViolation", "blocking", "replicas", "algorithm", "variant", "estimator");

    static final String HOTELS = "HTTP GET /hotels";
    static final String RECOMMENDATIONS = "HTTP GET /recommendations";
    static final String RESERVATION = "HTTP POST /reservation";
    static final String USER = "HTTP POST /user";
    static final List<String> FLOWS = List.of(HOTELS, RECOMMENDATIONS, RESERVATION, USER);

    /**
     * Average SLAs in ms, around the flows' summed queues (about 5 ms for hotels, 2 for recommendations, 3 for a
     * reservation, 0.8 for a user check) so that some violations are positive and some negative; frontend has no SLA
     * for reservations (an empty cell).
     */
    static final Map<String, Map<String, Double>> AVERAGE_SLA = Map.of(
            "frontend", Map.of(HOTELS, 4.5, RECOMMENDATIONS, 2.5, USER, 0.7),
            "search", Map.of(HOTELS, 5.5),
            "geo", Map.of(HOTELS, 4.0),
            "rate", Map.of(HOTELS, 6.0),
            "profile", Map.of(HOTELS, 5.0, RECOMMENDATIONS, 1.5),
            "recommendation", Map.of(RECOMMENDATIONS, 2.0),
            "reservation", Map.of(HOTELS, 4.8, RESERVATION, 2.0),
            "user", Map.of(RESERVATION, 3.5, USER, 1.0));
    /** Tail SLAs in ms, around the flows' summed tails (about 6.6 ms for hotels, 2.7 for recommendations); user has none. */
    static final Map<String, Map<String, Double>> TAIL_SLA = Map.of(
            "frontend", Map.of(HOTELS, 6.0, RECOMMENDATIONS, 2.6, RESERVATION, 2.5, USER, 0.8),
            "search", Map.of(HOTELS, 6.0),
            "geo", Map.of(HOTELS, 6.5),
            "rate", Map.of(HOTELS, 6.9),
            "profile", Map.of(HOTELS, 6.2, RECOMMENDATIONS, 2.5),
            "recommendation", Map.of(RECOMMENDATIONS, 2.8),
            "reservation", Map.of(HOTELS, 6.4, RESERVATION, 2.5));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<ReferenceComputation.Trace> traces;

    @TempDir
    Path dir;

    @BeforeAll
    static void decodeTheSample() throws IOException {
        List<Span> spans = SpanFormat.JAEGER_UI.decoder().decode(Files.readAllBytes(SAMPLE));
        traces = ReferenceComputation.traces(spans);
        assertThat(traces).hasSize(36);
        assertThat(traces).filteredOn(ReferenceComputation.Trace::error).hasSize(1);
    }

    @Test
    void referenceParityWithSlasAndUnclippedViolations() throws IOException {
        Path average = sla("average.csv", AVERAGE_SLA);
        Path tail = sla("tail.csv", TAIL_SLA);

        List<JsonNode> replayed = replay("--algorithm", "queueflower", "--variant", "prop-sla2",
                "--sla-avg", average.toString(), "--sla-tail", tail.toString(), "--violation-clip", "false");

        List<Map<String, Object>> expected = ReferenceComputation.windows(traces,
                ReferenceComputation.Settings.defaults().withSla(AVERAGE_SLA, TAIL_SLA).withClip(false));
        assertSameWindows(replayed, expected);
        // The comparison must have had something to compare: negative violations (unclipped) and both SLA terms.
        assertThat(expected).hasSize(2);
        assertThat(doubles(replayed, "avgViolation")).anyMatch(v -> v < 0).anyMatch(v -> v > 0);
        assertThat(doubles(replayed, "tailViolation")).anyMatch(v -> v < 0).anyMatch(v -> v > 0);
        for (JsonNode window : replayed) {
            // Both violation terms are in play (a term whose total is not positive drops out).
            assertThat(total(window.get("avgViolation"))).isPositive();
            assertThat(total(window.get("tailViolation"))).isPositive();
        }
        assertThat(replayed.get(1).at("/flows/" + escaped(RESERVATION) + "/errors").asLong()).isEqualTo(1);
    }

    @Test
    void clippedViolationsByDefault() throws IOException {
        Path average = sla("average.csv", AVERAGE_SLA);
        Path tail = sla("tail.csv", TAIL_SLA);

        List<JsonNode> replayed = replay("--sla-avg", average.toString(), "--sla-tail", tail.toString());

        List<Map<String, Object>> expected = ReferenceComputation.windows(traces,
                ReferenceComputation.Settings.defaults().withSla(AVERAGE_SLA, TAIL_SLA));
        assertSameWindows(replayed, expected);
        assertThat(doubles(replayed, "avgViolation")).allMatch(v -> v >= 0).anyMatch(v -> v > 0);
        for (JsonNode window : replayed) {
            int pods = 0;
            for (JsonNode replicas : window.get("replicas")) {
                pods += replicas.asInt();
            }
            assertThat(pods).as("8 services x 1 base + 16 free pods").isEqualTo(24);
        }
    }

    @Test
    void propWithLittlesLawOnOneMinuteWindowsAndAnotherPool() throws IOException {
        List<JsonNode> replayed = replay("--variant", "prop", "--estimator", "littles-law", "--window", "1m",
                "--free-pods", "8", "--base-replicas", "2");

        List<Map<String, Object>> expected = ReferenceComputation.windows(traces, ReferenceComputation.Settings
                .defaults().withVariant("prop").withEstimator("littles-law").withPool(60_000, 8, 2));
        assertSameWindows(replayed, expected);
        assertThat(expected).hasSize(3);
    }

    private void assertSameWindows(List<JsonNode> replayed, List<Map<String, Object>> expected) {
        assertThat(replayed).as("one line per window").hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode line = replayed.get(i);
            List<String> keys = new ArrayList<>();
            line.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as("keys of line " + (i + 1)).isEqualTo(KEYS);
            JsonMatch.assertMatches(line, JSON.valueToTree(expected.get(i)), "window " + (i + 1));
        }
    }

    private List<JsonNode> replay(String... options) throws IOException {
        Path output = dir.resolve("windows.jsonl");
        List<String> args = new ArrayList<>(List.of("--input", SAMPLE.toString(), "--format", "jaeger-ui",
                "--output", output.toString()));
        args.addAll(ReplayCli.paperDefaults(List.of(options)));
        args.addAll(List.of(options));
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ReplayCommand());
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(args.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private Path sla(String name, Map<String, Map<String, Double>> table) throws IOException {
        StringBuilder csv = new StringBuilder("service," + String.join(",", FLOWS) + "\n");
        for (String service : new TreeSet<>(table.keySet())) {
            csv.append(service);
            for (String flow : FLOWS) {
                Double value = table.get(service).get(flow);
                csv.append(',').append(value == null ? "" : value.toString());
            }
            csv.append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return file;
    }

    private static List<Double> doubles(List<JsonNode> windows, String key) {
        List<Double> values = new ArrayList<>();
        windows.forEach(window -> window.get(key).forEach(value -> values.add(value.asDouble())));
        return values;
    }

    private static double total(JsonNode byService) {
        double sum = 0;
        for (JsonNode value : byService) {
            sum += value.asDouble();
        }
        return sum;
    }

    private static String escaped(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
