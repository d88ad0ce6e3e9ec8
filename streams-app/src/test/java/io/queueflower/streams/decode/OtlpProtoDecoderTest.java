package io.queueflower.streams.decode;

import static io.queueflower.streams.decode.OtelFixtures.T0;
import static io.queueflower.streams.decode.OtelFixtures.TRACE_ID;
import static io.queueflower.streams.decode.OtelFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OtlpProtoDecoderTest {
    private final SpanDecoder decoder = SpanFormat.OTLP_PROTO.decoder();

    private static List<SpanData> single(String service, String traceId, String spanId, String parentSpanId,
                                         String name, OtelLink link) {
        List<SpanData> spans = new ArrayList<>();
        OtelFixtures.Service tracer = new OtelFixtures.Service(resource(service, null, null), spans);
        OtelFixtures.SpanBuilder span = tracer.span(traceId, spanId, parentSpanId, name,
                io.opentelemetry.api.trace.SpanKind.INTERNAL, T0, 25);
        if (link != null) {
            span.link(link.traceId(), link.spanId());
        }
        span.end();
        return spans;
    }

    record OtelLink(String traceId, String spanId) {
    }

    @Test
    void decodesAMultiServiceTraceFromOneExportRequest() {
        byte[] record = OtelFixtures.otlpProto(OtelFixtures.hotelTrace(TRACE_ID));

        assertThat(decoder.decode(record))
                .containsExactlyInAnyOrderElementsOf(OtelFixtures.hotelTraceCanonical(TRACE_ID));
    }

    @Test
    void aRootSpanHasNoParentAndARemoteParentIsKept() {
        List<Span> root = decoder.decode(OtelFixtures.otlpProto(single("svc", TRACE_ID, "00000000000000aa", null, "op", null)));
        List<Span> orphan = decoder.decode(OtelFixtures.otlpProto(
                single("svc", TRACE_ID, "00000000000000aa", "00000000000000ff", "op", null)));

        assertThat(root).singleElement().satisfies(span -> {
            assertThat(span.getParentSpanId()).isNull();
            assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
            assertThat(span.getHost()).isNull();
            assertThat(span.getStatusCode()).isNull();
        });
        assertThat(orphan).singleElement().extracting(Span::getParentSpanId).isEqualTo("00000000000000ff");
    }

    @Test
    void linksAreNotParents() {
        // OTLP's counterpart of FOLLOWS_FROM is a link; the tree is built from parentSpanId only.
        List<Span> spans = decoder.decode(OtelFixtures.otlpProto(single("consumer", TRACE_ID, "00000000000000aa", null,
                "process", new OtelLink(TRACE_ID, "00000000000000b1"))));

        assertThat(spans).singleElement().extracting(Span::getParentSpanId).isNull();
    }

    @Test
    void keepsUnicodeNames() {
        List<Span> spans = decoder.decode(OtelFixtures.otlpProto(
                single("hôtel-réservation", TRACE_ID, "00000000000000aa", null, "GET /chambres/東京 🛏", null)));

        assertThat(spans).singleElement().satisfies(span -> {
            assertThat(span.getService()).isEqualTo("hôtel-réservation");
            assertThat(span.getOperation()).isEqualTo("GET /chambres/東京 🛏");
        });
    }

    @Test
    void sixtyFourBitAndHundredTwentyEightBitTraceIds() {
        String sixtyFour = "000000000000000000f067aa0ba902b7";
        assertThat(decoder.decode(OtelFixtures.otlpProto(single("svc", sixtyFour, "00000000000000aa", null, "op", null))))
                .singleElement().extracting(Span::getTraceId).isEqualTo(sixtyFour);
        assertThat(decoder.decode(OtelFixtures.otlpProto(single("svc", TRACE_ID, "00000000000000aa", null, "op", null))))
                .singleElement().extracting(Span::getTraceId).isEqualTo(TRACE_ID);
    }

    @Test
    void aResourceWithoutServiceNameIsTheUnknownService() {
        assertThat(decoder.decode(OtelFixtures.otlpProto(single(null, TRACE_ID, "00000000000000aa", null, "op", null))))
                .singleElement().extracting(Span::getService).isEqualTo("unknown_service");
    }

    @Test
    void emptyRecordHasNoSpans() {
        assertThat(decoder.decode(new byte[0])).isEmpty();
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> decoder.decode("hello, world".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("otlp-proto: ");
        byte[] random = new byte[200];
        new Random(11).nextBytes(random);
        assertThatThrownBy(() -> decoder.decode(random))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("otlp-proto: ");
    }

    @Test
    void aJaegerSpanIsNotSilentlyReadAsAnEmptyRequest() {
        byte[] jaeger = JaegerFixtures.hotelTrace(JaegerFixtures.TRACE_ID).get(0).toByteArray();

        assertThatThrownBy(() -> decoder.decode(jaeger))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("otlp-proto: ");
    }

    @Test
    void idsOfWrongLengthAreNamedWithTheirPath() {
        io.opentelemetry.proto.trace.v1.Span good = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE_ID)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("00000000000000aa")))
                .setName("op").setStartTimeUnixNano(T0 * 1000).setEndTimeUnixNano(T0 * 1000 + 5000).build();
        byte[] shortTraceId = request(good.toBuilder().setTraceId(ByteString.copyFrom(new byte[8])).build());
        byte[] longParent = request(good.toBuilder().setParentSpanId(ByteString.copyFrom(new byte[9])).build());

        assertThatThrownBy(() -> decoder.decode(shortTraceId))
                .hasMessage("otlp-proto: resourceSpans[0].scopeSpans[0].spans[0].traceId: trace id has 8 bytes, expected 16");
        assertThatThrownBy(() -> decoder.decode(longParent))
                .hasMessage("otlp-proto: resourceSpans[0].scopeSpans[0].spans[0].parentSpanId: span id has 9 bytes, expected 8");
    }

    @Test
    void anEndBeforeTheStartIsRejected() {
        io.opentelemetry.proto.trace.v1.Span span = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE_ID)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("00000000000000aa")))
                .setStartTimeUnixNano(T0 * 1000).setEndTimeUnixNano(T0 * 1000 - 1).build();

        assertThatThrownBy(() -> decoder.decode(request(span)))
                .hasMessageContaining("spans[0].endTimeUnixNano: end");
    }

    private static byte[] request(io.opentelemetry.proto.trace.v1.Span span) {
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
                .build().toByteArray();
    }
}
