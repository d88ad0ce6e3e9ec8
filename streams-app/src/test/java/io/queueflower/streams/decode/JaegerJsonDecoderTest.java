package io.queueflower.streams.decode;

import static io.queueflower.streams.decode.JaegerFixtures.T0;
import static io.queueflower.streams.decode.JaegerFixtures.TRACE_ID;
import static io.queueflower.streams.decode.JaegerFixtures.id;
import static io.queueflower.streams.decode.JaegerFixtures.process;
import static io.queueflower.streams.decode.JaegerFixtures.ref;
import static io.queueflower.streams.decode.JaegerFixtures.span;
import static io.queueflower.streams.decode.JaegerFixtures.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import io.queueflower.jaeger.api_v2.JaegerModel;
import io.queueflower.jaeger.api_v2.JaegerModel.SpanRefType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JaegerJsonDecoderTest {
    private final SpanDecoder decoder = SpanFormat.JAEGER_JSON.decoder();
    private final JaegerModel.Process frontend = process("frontend", tag("hostname", "frontend-1"));

    /** The protobuf JSON mapping of a Jaeger span, as protobuf's own printer writes it. */
    static byte[] json(JaegerModel.Span span) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(span).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private Span decodeOne(JaegerModel.Span span) {
        List<Span> spans = decoder.decode(json(span));
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }

    @Test
    void decodesAMultiServiceTraceRecordByRecord() {
        List<Span> decoded = JaegerFixtures.hotelTrace(TRACE_ID).stream()
                .flatMap(span -> decoder.decode(json(span)).stream())
                .toList();

        assertThat(decoded).containsExactlyElementsOf(JaegerFixtures.hotelTraceCanonical(TRACE_ID));
    }

    @Test
    void readsTheShapeJaegerCollectorWrites() {
        // Go jsonpb output: base64 ids, defaults (CHILD_OF, vType STRING) omitted, int64 as a string, RFC 3339 time.
        String record = """
                {"traceId":"S/kvNXezTaajzpKdDg5HNg==","spanId":"oAAAAAAAAAU=","operationName":"/geo.Geo/Nearby",\
                "references":[{"traceId":"S/kvNXezTaajzpKdDg5HNg==","spanId":"oAAAAAAAAAQ="}],"flags":1,\
                "startTime":"2026-01-01T00:00:00.000650Z","duration":"0.001500s",\
                "tags":[{"key":"span.kind","vStr":"server"},{"key":"http.status_code","vType":"INT64","vInt64":"200"},\
                {"key":"error","vType":"BOOL","vBool":true}],\
                "process":{"serviceName":"geo","tags":[{"key":"hostname","vStr":"geo-5b8f7-qq7lm"}]}}
                """;

        assertThat(decoder.decode(record.getBytes(StandardCharsets.UTF_8))).containsExactly(
                Canonical.span(TRACE_ID, "a000000000000005", "a000000000000004", "geo", "/geo.Geo/Nearby",
                        SpanKind.SERVER, T0 + 650, 1_500, "geo-5b8f7-qq7lm", 200, true));
    }

    @Test
    void acceptsSnakeCaseKeysAndIgnoresUnknownFields() {
        String record = """
                {"trace_id":"S/kvNXezTaajzpKdDg5HNg==","span_id":"oAAAAAAAAAU=","operation_name":"op",\
                "start_time":"2026-01-01T00:00:00Z","duration":"0s","newer_jaeger_field":42,\
                "process":{"service_name":"geo"}}
                """;

        assertThat(decoder.decode(record.getBytes(StandardCharsets.UTF_8))).singleElement()
                .satisfies(span -> {
                    assertThat(span.getSpanId()).isEqualTo("a000000000000005");
                    assertThat(span.getStartMicros()).isEqualTo(T0);
                    assertThat(span.getDurationMicros()).isZero();
                });
    }

    @Test
    void aSpanWithoutReferencesIsARootAndAnAbsentParentIsStillNamed() {
        assertThat(decodeOne(span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10).build()).getParentSpanId())
                .isNull();
        assertThat(decodeOne(span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10)
                .addReferences(ref(SpanRefType.CHILD_OF, TRACE_ID, "00000000000000ff")).build()).getParentSpanId())
                .isEqualTo("00000000000000ff");
    }

    @Test
    void followsFromIsTheParentWhenThereIsNoChildOf() {
        Span span = decodeOne(span(TRACE_ID, "00000000000000aa", "consume", frontend, T0, 10)
                .addReferences(ref(SpanRefType.FOLLOWS_FROM, TRACE_ID, "00000000000000b1")).build());

        assertThat(span.getParentSpanId()).isEqualTo("00000000000000b1");
    }

    @Test
    void keepsUnicodeNames() {
        Span span = decodeOne(span(TRACE_ID, "00000000000000aa", "GET /chambres/東京 🛏", process("hôtel-réservation"),
                T0, 10).build());

        assertThat(span.getService()).isEqualTo("hôtel-réservation");
        assertThat(span.getOperation()).isEqualTo("GET /chambres/東京 🛏");
    }

    @Test
    void sixtyFourAndHundredTwentyEightBitTraceIds() {
        String low = "00f067aa0ba902b7";
        assertThat(decodeOne(span("0000000000000000" + low, "00000000000000aa", "op", frontend, T0, 10).build())
                .getTraceId()).isEqualTo("0000000000000000" + low);
        assertThat(decodeOne(span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10).setTraceId(id(low)).build())
                .getTraceId()).isEqualTo("0000000000000000" + low);
        assertThat(decodeOne(span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10).build()).getTraceId())
                .isEqualTo(TRACE_ID);
    }

    @Test
    void emptyAndBlankRecordsHaveNoSpans() {
        assertThat(decoder.decode(new byte[0])).isEmpty();
        assertThat(decoder.decode(" \r\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> decoder.decode("hello, world".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("jaeger-json: not a Jaeger api_v2 Span in protobuf JSON");
        assertThatThrownBy(() -> decoder.decode("{\"traceId\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("jaeger-json: ");
        assertThatThrownBy(() -> decoder.decode("{\"spanId\":17}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("jaeger-json: ");
    }

    @Test
    void hexIdsAreRejectedWithAHintThatJaegerJsonUsesBase64() {
        // 16 hex characters are valid base64 too, but decode to 12 bytes instead of 8.
        String record = """
                {"traceId":"S/kvNXezTaajzpKdDg5HNg==","spanId":"a000000000000005","operationName":"op",\
                "startTime":"2026-01-01T00:00:00Z","process":{"serviceName":"geo"}}
                """;

        assertThatThrownBy(() -> decoder.decode(record.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessage("jaeger-json: spanId: span id has 12 bytes, expected 8 (Jaeger JSON ids are base64 of the "
                        + "bytes, not hex)");
    }

    @Test
    void aJsonObjectWithoutIdsIsRejectedNamingTheMissingId() {
        assertThatThrownBy(() -> decoder.decode("{\"operationName\":\"op\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("jaeger-json: traceId: missing");
    }
}
