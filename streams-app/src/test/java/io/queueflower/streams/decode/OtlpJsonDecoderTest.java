package io.queueflower.streams.decode;

import static io.queueflower.streams.decode.OtelFixtures.T0;
import static io.queueflower.streams.decode.OtelFixtures.TRACE_ID;
import static io.queueflower.streams.decode.OtelFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpJsonDecoderTest {
    private final SpanDecoder decoder = SpanFormat.OTLP_JSON.decoder();

    private static List<SpanData> single(String service, String traceId, String spanId, String parentSpanId,
                                         String name, boolean linked) {
        List<SpanData> spans = new ArrayList<>();
        OtelFixtures.SpanBuilder span = new OtelFixtures.Service(resource(service, null, "node-z"), spans)
                .span(traceId, spanId, parentSpanId, name, io.opentelemetry.api.trace.SpanKind.CONSUMER, T0, 25);
        if (linked) {
            span.link(TRACE_ID, "00000000000000b1");
        }
        span.end();
        return spans;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decodesAMultiServiceTraceWrittenByTheSdkJsonMarshaller() {
        byte[] record = OtelFixtures.otlpJson(OtelFixtures.hotelTrace(TRACE_ID));

        assertThat(new String(record, StandardCharsets.UTF_8)).contains("\"traceId\":\"" + TRACE_ID + "\"");
        assertThat(decoder.decode(record)).containsExactlyInAnyOrderElementsOf(OtelFixtures.hotelTraceCanonical(TRACE_ID));
    }

    @Test
    void readsTheSpecExampleShape() {
        // OTLP/JSON per the spec: hex ids, nanosecond strings, integer enums, typed attribute values.
        String record = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"rate"}},
                  {"key":"k8s.pod.name","value":{"stringValue":"rate-6f7c9-abcde"}}]},
                 "scopeSpans":[{"scope":{"name":"otelgrpc"},"spans":[
                  {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                   "parentSpanId":"eee19b7ec3c1b173","name":"rate.Rate/GetRates","kind":2,
                   "startTimeUnixNano":"1767225600000650000","endTimeUnixNano":"1767225600002150999",
                   "attributes":[{"key":"rpc.grpc.status_code","value":{"intValue":"14"}}],
                   "status":{"code":2,"message":"unavailable"}}]}]}]}
                """;

        assertThat(decoder.decode(utf8(record))).containsExactly(
                Canonical.span(TRACE_ID, "eee19b7ec3c1b174", "eee19b7ec3c1b173", "rate", "rate.Rate/GetRates",
                        SpanKind.SERVER, T0 + 650, 1_500, "rate-6f7c9-abcde", 14, true));
    }

    @Test
    void acceptsSnakeCaseKeysEnumNamesAndNumericTimestamps() {
        String record = """
                {"resource_spans":[{"scope_spans":[{"spans":[
                  {"trace_id":"5B8EFFF798038103D269B633813FC60C","span_id":"eee19b7ec3c1b174","parent_span_id":"",
                   "name":"op","kind":"SPAN_KIND_PRODUCER","start_time_unix_nano":1767225600000000000,
                   "end_time_unix_nano":1767225600000001000,"unknownField":{"x":1}}]}]}]}
                """;

        assertThat(decoder.decode(utf8(record))).containsExactly(
                Canonical.span(TRACE_ID, "eee19b7ec3c1b174", null, "unknown_service", "op", SpanKind.PRODUCER, T0, 1,
                        null, null, false));
    }

    @Test
    void aRootSpanHasNoParentAndARemoteParentIsKept() {
        assertThat(decoder.decode(OtelFixtures.otlpJson(single("svc", TRACE_ID, "00000000000000aa", null, "op", false))))
                .singleElement().satisfies(span -> {
                    assertThat(span.getParentSpanId()).isNull();
                    assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
                    assertThat(span.getHost()).isEqualTo("node-z");
                });
        assertThat(decoder.decode(OtelFixtures.otlpJson(
                single("svc", TRACE_ID, "00000000000000aa", "00000000000000ff", "op", false))))
                .singleElement().extracting(Span::getParentSpanId).isEqualTo("00000000000000ff");
    }

    @Test
    void linksAreNotParents() {
        assertThat(decoder.decode(OtelFixtures.otlpJson(single("svc", TRACE_ID, "00000000000000aa", null, "op", true))))
                .singleElement().extracting(Span::getParentSpanId).isNull();
    }

    @Test
    void keepsUnicodeNames() {
        assertThat(decoder.decode(OtelFixtures.otlpJson(
                single("hôtel-réservation", TRACE_ID, "00000000000000aa", null, "GET /chambres/東京 🛏", false))))
                .singleElement().satisfies(span -> {
                    assertThat(span.getService()).isEqualTo("hôtel-réservation");
                    assertThat(span.getOperation()).isEqualTo("GET /chambres/東京 🛏");
                });
    }

    @Test
    void sixtyFourAndHundredTwentyEightBitTraceIds() {
        String sixtyFour = "000000000000000000f067aa0ba902b7";
        assertThat(decoder.decode(OtelFixtures.otlpJson(single("svc", sixtyFour, "00000000000000aa", null, "op", false))))
                .singleElement().extracting(Span::getTraceId).isEqualTo(sixtyFour);
        assertThat(decoder.decode(OtelFixtures.otlpJson(single("svc", TRACE_ID, "00000000000000aa", null, "op", false))))
                .singleElement().extracting(Span::getTraceId).isEqualTo(TRACE_ID);
    }

    @Test
    void emptyAndBlankRecordsHaveNoSpans() {
        assertThat(decoder.decode(new byte[0])).isEmpty();
        assertThat(decoder.decode(utf8("  \n"))).isEmpty();
        assertThat(decoder.decode(utf8("{}"))).isEmpty();
    }

    @Test
    void garbageIsRejectedWithItsLocation() {
        assertThatThrownBy(() -> decoder.decode(utf8("hello, world")))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("otlp-json: JSON line 1 column 7: malformed JSON: Unrecognized token 'hello'");
        assertThatThrownBy(() -> decoder.decode(utf8("{\"resourceSpans\":[]}\n{}")))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("otlp-json: JSON line 2");
        assertThatThrownBy(() -> decoder.decode(utf8("{\"resourceSpans\":{}}")))
                .hasMessage("otlp-json: resourceSpans: expected an array, got object {}");
    }

    @Test
    void base64IdsAreRejectedWithTheirPath() {
        String record = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"W47/95gDgQPSabYzgT/GDA==",
                  "spanId":"eee19b7ec3c1b174","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}
                """;

        assertThatThrownBy(() -> decoder.decode(utf8(record)))
                .hasMessage("otlp-json: resourceSpans[0].scopeSpans[0].spans[0].traceId: 'W47/95gDgQPSabYzgT/GDA==' "
                        + "is not an even number of hex digits (OTLP/JSON ids are hex, not base64)");
    }

    @Test
    void idsOfWrongLengthAreNamed() {
        String record = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00f067aa0ba902b7",
                  "spanId":"eee19b7ec3c1b174","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}
                """;

        assertThatThrownBy(() -> decoder.decode(utf8(record)))
                .hasMessage("otlp-json: resourceSpans[0].scopeSpans[0].spans[0].traceId: trace id has 8 bytes, expected 16");
    }

    @Test
    void aJaegerSpanIsNotSilentlyReadAsAnEmptyRequest() {
        byte[] jaegerJson = JaegerJsonDecoderTest.json(JaegerFixtures.hotelTrace(JaegerFixtures.TRACE_ID).get(0));

        assertThatThrownBy(() -> decoder.decode(jaegerJson))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("otlp-json: (root): no resourceSpans, only [traceId, spanId, operationName,");
    }
}
