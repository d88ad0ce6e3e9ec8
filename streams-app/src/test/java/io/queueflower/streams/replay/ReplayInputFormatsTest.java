package io.queueflower.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.Span;
import io.queueflower.streams.decode.SpanFormat;
import io.queueflower.streams.decode.SpanRecord;
import io.queueflower.streams.decode.SpanRecordReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every ingest format works as replay input, named or detected, and gives the same windows as the Jaeger UI export. */
class ReplayInputFormatsTest {
    @TempDir
    static Path dir;

    private static List<Span> spans;
    private static List<String> fromJaegerUi;

    @BeforeAll
    static void replayTheSample() throws IOException {
        spans = SpanFormat.JAEGER_UI.decoder().decode(Files.readAllBytes(ReplayMatchesDefinitionsTest.SAMPLE));
        fromJaegerUi = replay(ReplayMatchesDefinitionsTest.SAMPLE, "jaeger-ui");
        assertThat(fromJaegerUi).hasSize(2);
    }

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of("jaeger-proto", (Function<List<Span>, byte[]>) SpanEncodings::jaegerProto),
                Arguments.of("jaeger-json", (Function<List<Span>, byte[]>) SpanEncodings::jaegerJson),
                Arguments.of("otlp-proto", (Function<List<Span>, byte[]>) SpanEncodings::otlpProto),
                Arguments.of("otlp-json", (Function<List<Span>, byte[]>) SpanEncodings::otlpJson));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void theSampleInAnotherFormatGivesTheSameWindows(String format, Function<List<Span>, byte[]> encoding)
            throws IOException {
        byte[] encoded = encoding.apply(spans);
        assertThat(decodeFile(encoded, SpanFormat.fromCliName(format))).as("the conversion is lossless").isEqualTo(spans);
        Path input = dir.resolve("sample." + format);
        Files.write(input, encoded);

        assertThat(replay(input, format)).isEqualTo(fromJaegerUi);
        assertThat(replay(input, "auto")).isEqualTo(fromJaegerUi);
    }

    @Test
    void theJaegerUiExportIsDetected() throws IOException {
        assertThat(replay(ReplayMatchesDefinitionsTest.SAMPLE, "auto")).isEqualTo(fromJaegerUi);
    }

    private static List<Span> decodeFile(byte[] file, SpanFormat format) throws IOException {
        List<Span> decoded = new ArrayList<>();
        SpanRecordReader reader = new SpanRecordReader(new ByteArrayInputStream(file), format);
        for (SpanRecord record = reader.next(); record != null; record = reader.next()) {
            decoded.addAll(format.decoder().decode(record.bytes()));
        }
        return decoded;
    }

    private static List<String> replay(Path input, String format) throws IOException {
        Path output = Files.createTempFile(dir, "windows-", ".jsonl");
        ReplayCli.Run run = ReplayCli.paper("--input", input.toString(), "--format", format, "--output", output.toString());
        assertThat(run.exit()).as(run.stderr()).isZero();
        return Files.readAllLines(output);
    }
}
