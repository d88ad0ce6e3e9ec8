package io.queueflower.streams.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.streams.decode.SpanFormat.Framing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanRecordReaderTest {

    private static List<SpanRecord> readAll(byte[] input, SpanFormat format) throws IOException {
        return readAll(new ByteArrayInputStream(input), format);
    }

    private static List<SpanRecord> readAll(InputStream input, SpanFormat format) throws IOException {
        List<SpanRecord> records = new ArrayList<>();
        try (SpanRecordReader reader = new SpanRecordReader(input, format)) {
            for (SpanRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
        }
        return records;
    }

    private static String text(SpanRecord record) {
        return new String(record.bytes(), StandardCharsets.UTF_8);
    }

    static byte[] lengthPrefixed(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] message : messages) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(message.length).array());
            out.writeBytes(message);
        }
        return out.toByteArray();
    }

    /** Hands out at most 3 bytes per read, to prove records may straddle reads. */
    private static InputStream trickling(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
    }

    @Test
    void jsonLinesAreOneRecordPerLineSkippingBlankLinesAndCarriageReturns() throws IOException {
        byte[] input = "{\"a\":1}\r\n\n   \n{\"b\":2}\n{\"c\":3}".getBytes(StandardCharsets.UTF_8);

        List<SpanRecord> records = readAll(trickling(input), SpanFormat.JAEGER_JSON);

        assertThat(records).extracting(SpanRecordReaderTest::text).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
        assertThat(records).extracting(SpanRecord::location)
                .containsExactly("record 1 (line 1)", "record 2 (line 4)", "record 3 (line 5)");
    }

    @Test
    void aJaegerUiFileIsOneDocument() throws IOException {
        byte[] input = "{\n  \"data\": []\n}\n".getBytes(StandardCharsets.UTF_8);

        List<SpanRecord> records = readAll(input, SpanFormat.JAEGER_UI);

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.bytes()).isEqualTo(input);
            assertThat(record.location()).isEqualTo("record 1 (whole input)");
        });
        assertThat(readAll(new byte[0], SpanFormat.JAEGER_UI)).isEmpty();
    }

    @Test
    void protobufStreamsAreLengthPrefixed() throws IOException {
        byte[] first = {10, 2, 1, 2};
        byte[] second = new byte[70_000];
        second[69_999] = 42;
        byte[] input = lengthPrefixed(first, new byte[0], second);

        List<SpanRecord> records = readAll(trickling(input), SpanFormat.OTLP_PROTO);

        assertThat(records).extracting(SpanRecord::bytes).containsExactly(first, new byte[0], second);
        assertThat(records).extracting(SpanRecord::location)
                .containsExactly("record 1 (byte offset 0)", "record 2 (byte offset 8)", "record 3 (byte offset 12)");
    }

    @Test
    void aTruncatedMessageIsReportedWithRecordNumberAndOffset() {
        byte[] input = lengthPrefixed(new byte[] {1, 2, 3}, new byte[] {4, 5, 6, 7, 8});
        byte[] truncated = java.util.Arrays.copyOf(input, input.length - 2);

        assertThatThrownBy(() -> readAll(truncated, SpanFormat.JAEGER_PROTO))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessage("record 2 (byte offset 7): jaeger-proto: length prefix: declares 5 bytes but only 3 remain "
                        + "in the input");
    }

    @Test
    void aTruncatedLengthPrefixIsReported() {
        byte[] input = lengthPrefixed(new byte[] {1, 2, 3});
        byte[] withStub = java.util.Arrays.copyOf(input, input.length + 2);

        assertThatThrownBy(() -> readAll(withStub, SpanFormat.OTLP_PROTO))
                .hasMessage("record 2 (byte offset 7): otlp-proto: length prefix: truncated: the input ends after 2 of "
                        + "its 4 bytes");
    }

    @Test
    void anAbsurdLengthIsReportedInsteadOfAllocated() {
        byte[] jsonInsteadOfProtobuf = "{\"data\":[]}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> readAll(jsonInsteadOfProtobuf, SpanFormat.JAEGER_PROTO))
                .hasMessageStartingWith("record 1 (byte offset 0): jaeger-proto: length prefix: declares 2065851489 bytes, "
                        + "more than the 67108864-byte limit");
    }

    @Test
    void autoPicksLinesForJsonLines() throws IOException {
        byte[] input = "\n{\"data\":[]}\n{\"resourceSpans\":[]}\n".getBytes(StandardCharsets.UTF_8);
        try (SpanRecordReader reader = new SpanRecordReader(new ByteArrayInputStream(input), SpanFormat.AUTO)) {
            SpanRecord first = reader.next();
            assertThat(reader.framing()).isEqualTo(Framing.LINES);
            assertThat(first.location()).isEqualTo("record 1 (line 2)");
            assertThat(text(reader.next())).isEqualTo("{\"resourceSpans\":[]}");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void autoPicksOneDocumentForPrettyPrintedJson() throws IOException {
        String document = "\n{\n  \"data\": [\n  ]\n}\n";
        try (SpanRecordReader reader = new SpanRecordReader(trickling(document.getBytes(StandardCharsets.UTF_8)),
                SpanFormat.AUTO)) {
            SpanRecord record = reader.next();
            assertThat(reader.framing()).isEqualTo(Framing.DOCUMENT);
            assertThat(text(record)).isEqualTo(document);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void autoPicksLengthPrefixedForBinaryInput() throws IOException {
        byte[] message = JaegerFixtures.hotelTrace(JaegerFixtures.TRACE_ID).get(0).toByteArray();
        try (SpanRecordReader reader = new SpanRecordReader(new ByteArrayInputStream(lengthPrefixed(message, message)),
                SpanFormat.AUTO)) {
            assertThat(reader.next().bytes()).isEqualTo(message);
            assertThat(reader.framing()).isEqualTo(Framing.LENGTH_PREFIXED);
            assertThat(reader.next().location()).isEqualTo("record 2 (byte offset " + (4 + message.length) + ")");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void autoOnEmptyInputHasNoRecords() throws IOException {
        assertThat(readAll(new byte[0], SpanFormat.AUTO)).isEmpty();
        assertThat(readAll(" \n\n".getBytes(StandardCharsets.UTF_8), SpanFormat.AUTO)).isEmpty();
    }
}
