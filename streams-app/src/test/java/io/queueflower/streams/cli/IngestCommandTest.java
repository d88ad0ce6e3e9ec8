package io.queueflower.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.Span;
import io.queueflower.jaeger.api_v2.JaegerModel;
import io.queueflower.streams.decode.SpanFormat;
import io.queueflower.streams.decode.SpanJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IngestCommandTest {
    private static final Path SAMPLE = Path.of(System.getProperty("basedir", "."))
            .resolve("../samples/hotel-reservation-jaeger-ui.json").normalize();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter stderr = new StringWriter();

    private int ingest(String... args) {
        CommandLine command = new CommandLine(new IngestCommand(stdout));
        command.setErr(new PrintWriter(stderr, true));
        command.setOut(new PrintWriter(new StringWriter(), true));
        return command.execute(args);
    }

    private List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    private static byte[] lengthPrefixed(List<byte[]> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] message : messages) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(message.length).array());
            out.writeBytes(message);
        }
        return out.toByteArray();
    }

    private static JaegerModel.Span jaegerSpan(String spanIdHex) {
        return JaegerModel.Span.newBuilder()
                .setTraceId(com.google.protobuf.ByteString.fromHex("4bf92f3577b34da6a3ce929d0e0e4736"))
                .setSpanId(com.google.protobuf.ByteString.fromHex(spanIdHex))
                .setOperationName("op")
                .setStartTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_767_225_600L))
                .setProcess(JaegerModel.Process.newBuilder().setServiceName("svc"))
                .build();
    }

    @Test
    void writesTheSampleAsCanonicalJsonLines() throws IOException {
        Path output = dir.resolve("spans.jsonl");

        int exit = ingest("--input", SAMPLE.toString(), "--format", "jaeger-ui", "--output", output.toString());

        assertThat(exit).as(stderr.toString()).isZero();
        List<Span> written = SpanJson.readLines(Files.newBufferedReader(output));
        List<Span> expected = SpanFormat.JAEGER_UI.decoder().decode(Files.readAllBytes(SAMPLE));
        assertThat(written).isEqualTo(expected).hasSizeGreaterThan(100);
        assertThat(stderr.toString()).contains("ingest: " + expected.size() + " spans from 1 record of ");
        assertThat(filesIn(dir)).containsExactly(output);
    }

    @Test
    void writesToStandardOutputWithDash() throws IOException {
        Path input = dir.resolve("spans.bin");
        Files.write(input, lengthPrefixed(List.of(jaegerSpan("00000000000000a1").toByteArray(),
                jaegerSpan("00000000000000a2").toByteArray())));

        int exit = ingest("-i", input.toString(), "-f", "auto", "-o", "-");

        assertThat(exit).as(stderr.toString()).isZero();
        List<Span> written = SpanJson.readLines(new StringReader(stdout.toString(StandardCharsets.UTF_8)));
        assertThat(written).extracting(Span::getSpanId).containsExactly("00000000000000a1", "00000000000000a2");
    }

    @Test
    void readsStandardInputWithDash() throws IOException {
        String line = "{\"traceId\":\"S/kvNXezTaajzpKdDg5HNg==\",\"spanId\":\"oAAAAAAAAAU=\",\"operationName\":\"op\","
                + "\"startTime\":\"2026-01-01T00:00:00Z\",\"process\":{\"serviceName\":\"geo\"}}\n";
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)));
            assertThat(ingest("--input", "-", "--format", "jaeger-json")).as(stderr.toString()).isZero();
        } finally {
            System.setIn(original);
        }
        assertThat(SpanJson.readLines(new StringReader(stdout.toString(StandardCharsets.UTF_8))))
                .singleElement().extracting(Span::getService).isEqualTo("geo");
    }

    @Test
    void aBadRecordFailsWithItsNumberAndLeavesNoOutputFile() throws IOException {
        Path input = dir.resolve("in.jsonl");
        String good = "{\"traceId\":\"S/kvNXezTaajzpKdDg5HNg==\",\"spanId\":\"oAAAAAAAAAU=\",\"operationName\":\"op\","
                + "\"startTime\":\"2026-01-01T00:00:00Z\",\"process\":{\"serviceName\":\"geo\"}}";
        Files.writeString(input, good + "\n\n" + good.replace("oAAAAAAAAAU=", "a000000000000005") + "\n");
        Path output = dir.resolve("out.jsonl");

        int exit = ingest("--input", input.toString(), "--format", "jaeger-json", "--output", output.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stderr.toString()).contains("record 2 (line 3): jaeger-json: spanId: span id has 12 bytes");
        assertThat(filesIn(dir)).containsExactly(input);
    }

    @Test
    void aBrokenProtobufStreamFailsWithTheByteOffsetAndKeepsTheOldOutput() throws IOException {
        byte[] stream = lengthPrefixed(List.of(jaegerSpan("00000000000000a1").toByteArray()));
        Path input = dir.resolve("in.bin");
        Files.write(input, java.util.Arrays.copyOf(stream, stream.length + 6)); // a second prefix claiming 0 bytes + junk
        Path output = dir.resolve("out.jsonl");
        Files.writeString(output, "previous run\n");

        int exit = ingest("--input", input.toString(), "--format", "jaeger-proto", "--output", output.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stderr.toString()).contains("record 3 (byte offset " + (stream.length + 4) + "): jaeger-proto: length prefix");
        assertThat(Files.readString(output)).isEqualTo("previous run\n");
        assertThat(filesIn(dir)).containsExactly(input, output);
    }

    @Test
    void aMissingInputIsAClearError() {
        int exit = ingest("--input", dir.resolve("nope.json").toString(), "--output", dir.resolve("o").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stderr.toString()).contains("NoSuchFileException").contains("nope.json");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        int exit = ingest("--input", SAMPLE.toString(), "--format", "zipkin");

        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString()).contains("unknown span format 'zipkin'")
                .contains("jaeger-proto | jaeger-json | otlp-proto | otlp-json | jaeger-ui | auto");
    }

    @Test
    void kafkaOutputIsNotAvailableYet() {
        int exit = ingest("--input", SAMPLE.toString(), "--bootstrap-servers", "127.0.0.1:9092", "--topic", "qf.spans");

        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString()).contains("not available yet");
        assertThat(stdout.size()).isZero();
    }

    @Test
    void helpIsReachableFromTheStreamsCommand() {
        StringWriter out = new StringWriter();
        CommandLine streams = new CommandLine(new StreamsCli());
        streams.setOut(new PrintWriter(out, true));

        int exit = streams.execute("ingest", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: streams ingest").contains("--input=FILE|-")
                .contains("big-endian unsigned length").contains("jaeger-ui")
                .contains("Exit status");
    }
}
