package io.queueflower.streams.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SpanJsonTest {
    private static final Span SPAN = Canonical.span("4bf92f3577b34da6a3ce929d0e0e4736", "a000000000000005",
            "a000000000000004", "géo", "/geo.Geo/Nearby \"v2\"", SpanKind.SERVER, 1_767_225_600_000_650L, 1_500,
            "geo-5b8f7-qq7lm", 504, true);

    @Test
    void writesOneObjectWithTheAvroFieldNamesInSchemaOrder() {
        assertThat(SpanJson.toJson(SPAN)).isEqualTo("{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
                + "\"spanId\":\"a000000000000005\",\"parentSpanId\":\"a000000000000004\",\"service\":\"géo\","
                + "\"operation\":\"/geo.Geo/Nearby \\\"v2\\\"\",\"kind\":\"SERVER\",\"startMicros\":1767225600000650,"
                + "\"durationMicros\":1500,\"host\":\"geo-5b8f7-qq7lm\",\"statusCode\":504,\"error\":true}");
    }

    @Test
    void keysAreExactlyTheAvroFieldsAndAbsentValuesAreNull() throws IOException {
        Span root = Canonical.span("4bf92f3577b34da6a3ce929d0e0e4736", "a000000000000001", null, "frontend", "op",
                SpanKind.UNSPECIFIED, 1, 0, null, null, false);
        var tree = new ObjectMapper().readTree(SpanJson.toJson(root));

        List<String> keys = new ArrayList<>();
        tree.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyElementsOf(
                Span.getClassSchema().getFields().stream().map(Schema.Field::name).toList());
        assertThat(tree.get("parentSpanId").isNull()).isTrue();
        assertThat(tree.get("host").isNull()).isTrue();
        assertThat(tree.get("statusCode").isNull()).isTrue();
        assertThat(tree.get("startMicros").isIntegralNumber()).isTrue();
    }

    @Test
    void readsBackWhatItWrites() {
        assertThat(SpanJson.fromJson(SpanJson.toJson(SPAN))).isEqualTo(SPAN);
    }

    @Test
    void fieldsWithAvroDefaultsMayBeLeftOut() {
        Span span = SpanJson.fromJson("{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"a000000000000001\","
                + "\"service\":\"s\",\"operation\":\"o\",\"startMicros\":5,\"durationMicros\":6}");

        assertThat(span).isEqualTo(Canonical.span("4bf92f3577b34da6a3ce929d0e0e4736", "a000000000000001", null, "s",
                "o", SpanKind.UNSPECIFIED, 5, 6, null, null, false));
    }

    @Test
    void rejectsWhatIsNotACanonicalSpanNamingTheKey() {
        String json = SpanJson.toJson(SPAN);

        assertThatThrownBy(() -> SpanJson.fromJson(json.replace("\"error\":true", "\"error\":true,\"extra\":1")))
                .hasMessageStartingWith("unknown key 'extra'");
        assertThatThrownBy(() -> SpanJson.fromJson(json.replace("4bf92f3577b34da6a3ce929d0e0e4736", "4BF92F3577B34DA6A3CE929D0E0E4736")))
                .hasMessage("traceId: '4BF92F3577B34DA6A3CE929D0E0E4736' is not 32 lowercase hex digits");
        assertThatThrownBy(() -> SpanJson.fromJson(json.replace("\"a000000000000004\"", "\"a0000004\"")))
                .hasMessage("parentSpanId: 'a0000004' is not 16 lowercase hex digits");
        assertThatThrownBy(() -> SpanJson.fromJson(json.replace("\"SERVER\"", "\"server\"")))
                .hasMessageStartingWith("kind: 'server' is not one of [SERVER,");
        assertThatThrownBy(() -> SpanJson.fromJson(json.replace("1500", "\"1500\"")))
                .hasMessage("durationMicros: expected a whole number, got string \"1500\"");
        assertThatThrownBy(() -> SpanJson.fromJson(json.replace("\"service\":\"géo\",", "")))
                .hasMessage("service: missing");
        assertThatThrownBy(() -> SpanJson.fromJson("[]")).hasMessage("expected a JSON object, got array []");
    }

    @Test
    void readsJsonLinesNamingTheBadLine() throws IOException {
        String lines = SpanJson.toJson(SPAN) + "\n\n" + SpanJson.toJson(SPAN) + "\n";
        assertThat(SpanJson.readLines(new StringReader(lines))).containsExactly(SPAN, SPAN);

        String broken = lines + "{\"traceId\":1}\n";
        assertThatThrownBy(() -> SpanJson.readLines(new StringReader(broken)))
                .hasMessage("line 4: traceId: expected a string, got number 1");
    }
}
