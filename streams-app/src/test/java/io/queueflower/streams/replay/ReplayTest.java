package io.queueflower.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The replay command's behaviour around the numbers: windows it reports, bad records, failures, other algorithms. */
class ReplayTest {
    private static final long T0_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z, a multiple of 10 s
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A two-span trace: frontend root (200) calling search. */
    private static List<Span> trace(int n, long startMs) {
        String traceId = String.format("%032x", n);
        long start = T0_MICROS + startMs * 1000;
        return List.of(
                Span.newBuilder().setTraceId(traceId).setSpanId(String.format("%016x", 2 * n)).setService("frontend")
                        .setOperation("HTTP GET /hotels").setKind(SpanKind.SERVER).setStartMicros(start)
                        .setDurationMicros(4_000).setHost("frontend-0").setStatusCode(200).build(),
                Span.newBuilder().setTraceId(traceId).setSpanId(String.format("%016x", 2 * n + 1))
                        .setParentSpanId(String.format("%016x", 2 * n)).setService("search")
                        .setOperation("/search.Search/Nearby").setKind(SpanKind.SERVER).setStartMicros(start + 500)
                        .setDurationMicros(2_500).setHost("search-0").build());
    }

    private Path otlpJsonLines(String name, List<byte[]> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, SpanEncodings.lines(lines));
        return file;
    }

    private static List<JsonNode> read(Path output) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    @Test
    void everyWindowFromTheFirstTraceToTheLastIsReportedEmptyOnesIncludedAndNoneAfter() throws IOException {
        Path input = otlpJsonLines("traces.jsonl", List.of(
                SpanEncodings.otlpJsonLine(trace(1, 1_000)),
                SpanEncodings.otlpJsonLine(trace(2, 3_000)),
                SpanEncodings.otlpJsonLine(trace(3, 25_000))));
        Path output = dir.resolve("windows.jsonl");

        ReplayCli.Run run = ReplayCli.paper("--input", input.toString(), "--window", "10s", "--output", output.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        List<JsonNode> windows = read(output);
        long t0 = T0_MICROS / 1000;
        assertThat(windows).extracting(w -> w.get("windowStart").asLong() - t0).containsExactly(0L, 10_000L, 20_000L);
        assertThat(windows).extracting(w -> w.get("windowEnd").asLong() - w.get("windowStart").asLong())
                .containsOnly(10_000L);
        assertThat(windows.get(0).at("/flows/HTTP GET ~1hotels/traces").asLong()).isEqualTo(2);
        assertThat(windows.get(0).at("/queues/search/HTTP GET ~1hotels").asDouble()).isEqualTo(2.5);
        assertThat(windows.get(0).at("/queues/frontend/HTTP GET ~1hotels").asDouble()).isEqualTo(1.5);
        assertThat(windows.get(1).get("flows").size()).as("the middle window saw no trace").isZero();
        assertThat(windows.get(2).at("/flows/HTTP GET ~1hotels/traces").asLong()).isEqualTo(1);
        assertThat(windows.get(2).get("replicas").fieldNames()).toIterable().containsExactly("frontend", "search");
        assertThat(run.stderr()).contains("replay: 3 windows from 3 records, 6 spans of " + input);
    }

    @Test
    void lateSpansAndTracesAreReported() throws IOException {
        Span straggler = Span.newBuilder(trace(1, 1_000).get(1)).setSpanId("00000000000000ff").build();
        // With 10 s windows, 30 s grace and 5 s idle: trace 2 assembles trace 1, trace 4 assembles trace 2, whose
        // start closes the windows up to [60 s, 70 s); trace 5 then assembles trace 3, which belongs to [0, 10 s).
        Path input = otlpJsonLines("traces.jsonl", List.of(
                SpanEncodings.otlpJsonLine(trace(1, 1_000)),
                SpanEncodings.otlpJsonLine(trace(2, 100_000)),
                SpanEncodings.otlpJsonLine(List.of(straggler)),  // a span of trace 1, after its summary
                SpanEncodings.otlpJsonLine(trace(4, 110_000)),
                SpanEncodings.otlpJsonLine(trace(3, 2_000)),
                SpanEncodings.otlpJsonLine(trace(5, 120_000))));
        Path output = dir.resolve("windows.jsonl");

        ReplayCli.Run run = ReplayCli.run("--input", input.toString(), "--window", "10s", "--output", output.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stderr())
                .contains("replay: warning: 1 trace arrived after their window had closed")
                .contains("replay: warning: 1 span arrived after their trace had been assembled");
        List<JsonNode> windows = read(output);
        assertThat(windows).hasSize(13);
        assertThat(windows.get(0).at("/flows/HTTP GET ~1hotels/traces").asLong()).as("trace 1 only").isEqualTo(1);
        assertThat(read(output).get(0).at("/flows/HTTP GET ~1hotels/traces").asLong()).isEqualTo(1);
    }

    @Test
    void aPauseInTrafficLongerThanTheWindowStoreRetentionLosesNoTrace() throws IOException {
        // 10 s windows and 30 s grace: the window store keeps 2 x 10 + 30 = 50 s. The second trace comes 99 s after
        // the first and is stored only after the first trace's window has been closed, so it cannot expire it.
        Path input = otlpJsonLines("traces.jsonl", List.of(
                SpanEncodings.otlpJsonLine(trace(1, 1_000)),
                SpanEncodings.otlpJsonLine(trace(2, 100_000))));
        Path output = dir.resolve("windows.jsonl");

        ReplayCli.Run run = ReplayCli.run("--input", input.toString(), "--window", "10s", "--output", output.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        List<JsonNode> windows = read(output);
        assertThat(windows).hasSize(11);
        assertThat(windows.get(0).at("/flows/HTTP GET ~1hotels/traces").asLong()).isEqualTo(1);
        assertThat(windows.get(10).at("/flows/HTTP GET ~1hotels/traces").asLong()).isEqualTo(1);
    }

    @Test
    void anExportListingTheNewestTraceFirstGivesTheSameWindows() throws IOException {
        // Jaeger's UI lists (and exports) search results newest first.
        ObjectNode export = (ObjectNode) JSON.readTree(ReplayMatchesDefinitionsTest.SAMPLE.toFile());
        List<JsonNode> traces = new ArrayList<>();
        export.get("data").forEach(traces::add);
        Collections.reverse(traces);
        export.putArray("data").addAll(traces);
        Path reversed = dir.resolve("newest-first.json");
        JSON.writeValue(reversed.toFile(), export);
        Path fromSample = dir.resolve("sample.jsonl");
        Path fromReversed = dir.resolve("reversed.jsonl");

        ReplayCli.Run sample = ReplayCli.paper("--input", ReplayMatchesDefinitionsTest.SAMPLE.toString(),
                "--output", fromSample.toString());
        ReplayCli.Run newestFirst = ReplayCli.paper("--input", reversed.toString(), "--output", fromReversed.toString());

        assertThat(sample.exit()).as(sample.stderr()).isZero();
        assertThat(newestFirst.exit()).as(newestFirst.stderr()).isZero();
        assertThat(newestFirst.stderr()).doesNotContain("warning");
        assertThat(Files.readAllLines(fromReversed)).isEqualTo(Files.readAllLines(fromSample)).hasSize(2);
    }

    @Test
    void deploymentsFollowTheConfiguredPattern() throws IOException {
        Path input = otlpJsonLines("traces.jsonl", List.of(SpanEncodings.otlpJsonLine(trace(1, 1_000))));
        Path output = dir.resolve("windows.jsonl");

        ReplayCli.Run run = ReplayCli.run("--input", input.toString(), "--output", output.toString(),
                "--set", "deployment.pattern={service}-hotelres");

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(read(output).get(0).get("replicas").fieldNames()).toIterable()
                .containsExactly("frontend-hotelres", "search-hotelres");
    }

    @Test
    void recordsThatDoNotDecodeAreDeadLetteredCountedAndSkipped() throws IOException {
        byte[] first = SpanEncodings.otlpJsonLine(trace(1, 1_000));
        byte[] second = SpanEncodings.otlpJsonLine(trace(2, 3_000));
        Path clean = otlpJsonLines("clean.jsonl", List.of(first, second));
        Path dirty = otlpJsonLines("dirty.jsonl", List.of(first, "{\"resourceSpans\": 42}".getBytes(
                StandardCharsets.UTF_8), second, "{\"data\": \"not spans\"}".getBytes(StandardCharsets.UTF_8)));
        Path fromClean = dir.resolve("clean-windows.jsonl");
        Path fromDirty = dir.resolve("dirty-windows.jsonl");

        ReplayCli.Run cleanRun = ReplayCli.run("--input", clean.toString(), "--format", "otlp-json",
                "--output", fromClean.toString());
        ReplayCli.Run dirtyRun = ReplayCli.run("--input", dirty.toString(), "--format", "otlp-json",
                "--output", fromDirty.toString());

        assertThat(cleanRun.exit()).as(cleanRun.stderr()).isZero();
        assertThat(cleanRun.stderr()).doesNotContain("dead-letter");
        assertThat(dirtyRun.exit()).as(dirtyRun.stderr()).isZero();
        assertThat(dirtyRun.stderr())
                .contains("replay: warning: 2 records could not be decoded and went to the dead-letter topic")
                .contains("the first: record 2 (line 2): otlp-json: ");
        assertThat(Files.readAllLines(fromDirty)).isEqualTo(Files.readAllLines(fromClean)).hasSize(1);
    }

    @Test
    void anInputThatCannotBeCutIntoRecordsFailsNamingTheRecordAndLeavesNoOutput() throws IOException {
        byte[] valid = SpanEncodings.jaegerProto(trace(1, 1_000));
        byte[] truncated = new byte[valid.length + 6];
        System.arraycopy(valid, 0, truncated, 0, valid.length);
        truncated[valid.length + 3] = 100; // a length prefix of 100 bytes, followed by only 2
        Path input = dir.resolve("spans.bin");
        Files.write(input, truncated);
        Path output = dir.resolve("windows.jsonl");
        Path earlier = dir.resolve("earlier.jsonl");
        Files.writeString(earlier, "an earlier result\n");

        ReplayCli.Run toNew = ReplayCli.run("--input", input.toString(), "--format", "jaeger-proto",
                "--output", output.toString());
        ReplayCli.Run overEarlier = ReplayCli.run("--input", input.toString(), "--format", "jaeger-proto",
                "--output", earlier.toString());

        assertThat(toNew.exit()).isEqualTo(1);
        assertThat(toNew.stderr()).contains("record 3 (byte offset " + valid.length + ")")
                .contains("declares 100 bytes but only 2 remain");
        assertThat(overEarlier.exit()).isEqualTo(1);
        assertThat(filesIn(dir)).containsExactlyInAnyOrder(input, earlier);
        assertThat(Files.readString(earlier)).isEqualTo("an earlier result\n");
    }

    @Test
    void anInputOfWhichNotOneRecordDecodesFailsAndLeavesNoOutput() throws IOException {
        String sample = Files.readString(ReplayMatchesDefinitionsTest.SAMPLE);
        Path input = dir.resolve("truncated.json");
        Files.writeString(input, sample.substring(0, sample.length() / 2)); // a Jaeger UI export cut in the middle
        Path output = dir.resolve("windows.jsonl");

        ReplayCli.Run run = ReplayCli.run("--input", input.toString(), "--format", "jaeger-ui",
                "--output", output.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderr()).contains("replay: " + input + ": no record could be decoded (1 dead-lettered); "
                + "the first: record 1 (whole input): jaeger-ui: ");
        assertThat(filesIn(dir)).containsExactly(input);
    }

    @Test
    void anOutputThatCannotBeWrittenFailsBeforeReading() {
        ReplayCli.Run run = ReplayCli.run("--input", ReplayMatchesDefinitionsTest.SAMPLE.toString(),
                "--output", dir.resolve("missing/windows.jsonl").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderr()).contains("missing");
    }

    @Test
    void aMissingInputIsNamed() {
        ReplayCli.Run run = ReplayCli.run("--input", dir.resolve("nope.json").toString(),
                "--output", dir.resolve("windows.jsonl").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderr()).contains("nope.json: no such file or directory");
        assertThat(dir.resolve("windows.jsonl")).doesNotExist();
    }

    @Test
    void theStateDirectoryIsDeletedAfterwards() throws IOException {
        // One small trace: on a real disk every record costs a synced checkpoint (see Replay.defaultStateParent).
        Path input = otlpJsonLines("traces.jsonl", List.of(SpanEncodings.otlpJsonLine(trace(1, 1_000))));
        Path state = Files.createDirectory(dir.resolve("state"));
        Path output = dir.resolve("windows.jsonl");

        ReplayCli.Run run = ReplayCli.run("--input", input.toString(), "--state-dir", state.toString(),
                "--output", output.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(filesIn(state)).isEmpty();
        assertThat(read(output)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hab", "hpa", "static"})
    void theOtherAlgorithmsReportTheirTargetsWithoutVariantOrEstimator(String algorithm) throws IOException {
        Path output = dir.resolve("windows.jsonl");

        ReplayCli.Run run = ReplayCli.paper("--input", ReplayMatchesDefinitionsTest.SAMPLE.toString(),
                "--algorithm", algorithm, "--output", output.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        List<JsonNode> windows = read(output);
        assertThat(windows).hasSize(2);
        for (JsonNode window : windows) {
            assertThat(window.get("algorithm").asText()).isEqualTo(algorithm);
            assertThat(window.get("variant").isNull()).isTrue();
            assertThat(window.get("estimator").isNull()).isTrue();
            assertThat(window.get("replicas").size()).isEqualTo(8);
            assertThat(window.get("flows").size()).isEqualTo(4);
        }
    }
}
