package io.queueflower.streams.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JaegerUiDecoderTest {
    private static final long T0 = 1_767_225_600_000_000L;
    private final SpanDecoder decoder = SpanFormat.JAEGER_UI.decoder();

    /** Two traces as GET /api/traces returns them: a 64-bit one (16 hex digits) and a 128-bit one. */
    private static final String EXPORT = """
            {"data":[
              {"traceID":"00f067aa0ba902b7","spans":[
                {"traceID":"00f067aa0ba902b7","spanID":"00f067aa0ba902b7","flags":1,"operationName":"HTTP GET /hotels",
                 "references":[],"startTime":1767225600000000,"duration":4800,
                 "tags":[{"key":"span.kind","type":"string","value":"server"},
                         {"key":"http.status_code","type":"int64","value":200},
                         {"key":"http.method","type":"string","value":"GET"}],
                 "logs":[],"processID":"p1","warnings":null},
                {"traceID":"00f067aa0ba902b7","spanID":"1ec40f3c1d4a7e55","flags":1,"operationName":"/search.Search/Nearby",
                 "references":[{"refType":"CHILD_OF","traceID":"00f067aa0ba902b7","spanID":"00f067aa0ba902b7"}],
                 "startTime":1767225600000200,"duration":4100,
                 "tags":[{"key":"span.kind","type":"string","value":"client"}],"logs":[],"processID":"p1","warnings":null},
                {"traceID":"00f067aa0ba902b7","spanID":"5e0ab1f3b5a8c9d2","flags":1,"operationName":"/search.Search/Nearby",
                 "references":[{"refType":"CHILD_OF","traceID":"00f067aa0ba902b7","spanID":"1ec40f3c1d4a7e55"}],
                 "startTime":1767225600000350,"duration":3800,
                 "tags":[{"key":"span.kind","type":"string","value":"server"},
                         {"key":"error","type":"bool","value":true}],"logs":[],"processID":"p2","warnings":null}],
               "processes":{
                 "p1":{"serviceName":"frontend","tags":[{"key":"hostname","type":"string","value":"frontend-7d9c6b8f5-x2k4p"},
                                                        {"key":"ip","type":"string","value":"10.244.1.17"}]},
                 "p2":{"serviceName":"search","tags":[{"key":"hostname","type":"string","value":"search-64c8d7-9zt5k"}]}},
               "warnings":null},
              {"traceID":"abc0000000000000042","spans":[
                {"traceID":"abc0000000000000042","spanID":"0000000000000042","operationName":"Kafka consume",
                 "references":[{"refType":"FOLLOWS_FROM","traceID":"abc0000000000000042","spanID":"0000000000000041"}],
                 "startTime":1767225601000000,"duration":75,
                 "tags":[{"key":"span.kind","type":"string","value":"consumer"}],"processID":"p1"}],
               "processes":{"p1":{"serviceName":"notifier","tags":[]}}}
            ],"total":0,"limit":0,"offset":0,"errors":null}
            """;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A one-span document with the given span fields and a p1 process. */
    private static byte[] oneSpan(String spanFields) {
        return utf8("{\"data\":[{\"spans\":[{" + spanFields + "}],\"processes\":{\"p1\":{\"serviceName\":\"svc\"}}}]}");
    }

    private static final String VALID_SPAN = "\"traceID\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanID\":\"00000000000000aa\","
            + "\"operationName\":\"op\",\"startTime\":1767225600000000,\"duration\":5,\"processID\":\"p1\"";

    @Test
    void decodesAMultiServiceExportWithSeveralTraces() {
        String trace64 = "000000000000000000f067aa0ba902b7";
        assertThat(decoder.decode(utf8(EXPORT))).containsExactly(
                Canonical.span(trace64, "00f067aa0ba902b7", null, "frontend", "HTTP GET /hotels", SpanKind.SERVER, T0,
                        4_800, "frontend-7d9c6b8f5-x2k4p", 200, false),
                Canonical.span(trace64, "1ec40f3c1d4a7e55", "00f067aa0ba902b7", "frontend", "/search.Search/Nearby",
                        SpanKind.CLIENT, T0 + 200, 4_100, "frontend-7d9c6b8f5-x2k4p", null, false),
                Canonical.span(trace64, "5e0ab1f3b5a8c9d2", "1ec40f3c1d4a7e55", "search", "/search.Search/Nearby",
                        SpanKind.SERVER, T0 + 350, 3_800, "search-64c8d7-9zt5k", null, true),
                Canonical.span("0000000000000abc0000000000000042", "0000000000000042", "0000000000000041", "notifier",
                        "Kafka consume", SpanKind.CONSUMER, T0 + 1_000_000, 75, null, null, false));
    }

    @Test
    void aSpanWithoutReferencesIsARootAndAnAbsentParentIsStillNamed() {
        assertThat(decoder.decode(oneSpan(VALID_SPAN))).singleElement().extracting(Span::getParentSpanId).isNull();
        assertThat(decoder.decode(oneSpan(VALID_SPAN + ",\"references\":[{\"refType\":\"CHILD_OF\","
                + "\"traceID\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanID\":\"00000000000000ff\"}]")))
                .singleElement().extracting(Span::getParentSpanId).isEqualTo("00000000000000ff");
    }

    @Test
    void childOfWinsOverFollowsFrom() {
        String refs = ",\"references\":["
                + "{\"refType\":\"FOLLOWS_FROM\",\"traceID\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanID\":\"00000000000000b1\"},"
                + "{\"refType\":\"CHILD_OF\",\"traceID\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanID\":\"00000000000000c1\"}]";

        assertThat(decoder.decode(oneSpan(VALID_SPAN + refs))).singleElement()
                .extracting(Span::getParentSpanId).isEqualTo("00000000000000c1");
    }

    @Test
    void keepsUnicodeNamesAndReadsAnInlineProcess() {
        String span = "\"traceID\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanID\":\"00000000000000aa\","
                + "\"operationName\":\"GET /chambres/東京 🛏\",\"startTime\":1767225600000000,\"duration\":5,"
                + "\"process\":{\"serviceName\":\"hôtel-réservation\",\"tags\":[{\"key\":\"k8s.pod.name\",\"type\":\"string\",\"value\":\"hôtel-0\"}]}";

        assertThat(decoder.decode(oneSpan(span))).singleElement().satisfies(decoded -> {
            assertThat(decoded.getService()).isEqualTo("hôtel-réservation");
            assertThat(decoded.getOperation()).isEqualTo("GET /chambres/東京 🛏");
            assertThat(decoded.getHost()).isEqualTo("hôtel-0");
        });
    }

    @Test
    void emptyInputAndEmptyDataHaveNoSpans() {
        assertThat(decoder.decode(new byte[0])).isEmpty();
        assertThat(decoder.decode(utf8("{\"data\":[]}"))).isEmpty();
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> decoder.decode(utf8("<html>oops</html>")))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("jaeger-ui: JSON line 1 column 1: malformed JSON");
        assertThatThrownBy(() -> decoder.decode(utf8("{\"traces\":[]}")))
                .hasMessage("jaeger-ui: data: missing; expected the query API's {\"data\":[trace...]}");
    }

    @Test
    void problemsAreNamedByJsonPath() {
        assertThatThrownBy(() -> decoder.decode(oneSpan(VALID_SPAN.replace("\"processID\":\"p1\"", "\"processID\":\"p9\""))))
                .hasMessage("jaeger-ui: data[0].spans[0].processID: 'p9' is not in data[0].processes");
        assertThatThrownBy(() -> decoder.decode(oneSpan(VALID_SPAN.replace("\"duration\":5", "\"duration\":\"5us\""))))
                .hasMessage("jaeger-ui: data[0].spans[0].duration: expected a non-negative whole number of "
                        + "microseconds, got string \"5us\"");
        assertThatThrownBy(() -> decoder.decode(oneSpan(VALID_SPAN + ",\"references\":[{\"refType\":\"SIBLING\"}]")))
                .hasMessage("jaeger-ui: data[0].spans[0].references[0].refType: 'SIBLING' is neither CHILD_OF nor FOLLOWS_FROM");
        assertThatThrownBy(() -> decoder.decode(oneSpan(VALID_SPAN.replace("\"operationName\":\"op\",", ""))))
                .hasMessage("jaeger-ui: data[0].spans[0].operationName: missing");
    }

    @Test
    void idsOfWrongLengthAreNamed() {
        assertThatThrownBy(() -> decoder.decode(oneSpan(VALID_SPAN.replace("00000000000000aa", "00000000000000aa00"))))
                .hasMessage("jaeger-ui: data[0].spans[0].spanID: span id '00000000000000aa00' is not 1 to 16 hex digits");
        assertThatThrownBy(() -> decoder.decode(oneSpan(VALID_SPAN.replace("4bf92f3577b34da6a3ce929d0e0e4736",
                "4bf92f3577b34da6a3ce929d0e0e47361"))))
                .hasMessage("jaeger-ui: data[0].spans[0].traceID: trace id '4bf92f3577b34da6a3ce929d0e0e47361' is not 1 "
                        + "to 32 hex digits");
        assertThatThrownBy(() -> decoder.decode(oneSpan(VALID_SPAN.replace("4bf92f3577b34da6a3ce929d0e0e4736", "xyz"))))
                .hasMessageContaining("traceID: trace id 'xyz' is not 1 to 32 hex digits");
    }

    @Test
    void hundredTwentyEightBitIdsAreKeptAsIs() {
        assertThat(decoder.decode(oneSpan(VALID_SPAN))).singleElement().extracting(Span::getTraceId)
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
