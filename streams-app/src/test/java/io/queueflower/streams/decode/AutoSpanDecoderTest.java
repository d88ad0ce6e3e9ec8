package io.queueflower.streams.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.queueflower.avro.Span;
import io.queueflower.jaeger.api_v2.JaegerModel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AutoSpanDecoderTest {
    private final SpanDecoder auto = SpanFormat.AUTO.decoder();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void detectsJaegerProtobuf() {
        for (JaegerModel.Span span : JaegerFixtures.hotelTrace(JaegerFixtures.TRACE_ID)) {
            byte[] record = span.toByteArray();
            assertThat(AutoSpanDecoder.INSTANCE.detectProtobuf(record)).isEqualTo(SpanFormat.JAEGER_PROTO);
            assertThat(auto.decode(record)).isEqualTo(SpanFormat.JAEGER_PROTO.decoder().decode(record));
        }
    }

    @Test
    void detectsOtlpProtobuf() {
        byte[] record = OtelFixtures.otlpProto(OtelFixtures.hotelTrace(OtelFixtures.TRACE_ID));

        assertThat(AutoSpanDecoder.INSTANCE.detectProtobuf(record)).isEqualTo(SpanFormat.OTLP_PROTO);
        assertThat(auto.decode(record))
                .containsExactlyInAnyOrderElementsOf(OtelFixtures.hotelTraceCanonical(OtelFixtures.TRACE_ID));
    }

    @Test
    void anOtlpRequestThatStartsWithNewlineAndBraceIsStillProtobuf() {
        // resource_spans[0] of exactly 123 bytes serialises as 0x0A 0x7B: "\n{" — JSON whitespace and an object start.
        byte[] record = null;
        for (int nameLength = 1; nameLength < 120 && record == null; nameLength++) {
            ExportTraceServiceRequest request = otlpRequest("s".repeat(nameLength));
            if (request.getResourceSpans(0).getSerializedSize() == 123) {
                record = request.toByteArray();
            }
        }
        assertThat(record).isNotNull();
        assertThat(new String(record, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("\n{");

        assertThat(auto.decode(record)).singleElement().satisfies(span -> {
            assertThat(span.getSpanId()).isEqualTo("00000000000000aa");
            assertThat(span.getService()).startsWith("sss");
        });
    }

    private static ExportTraceServiceRequest otlpRequest(String service) {
        io.opentelemetry.proto.trace.v1.Span span = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(OtelFixtures.TRACE_ID)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("00000000000000aa")))
                .setName("op").setStartTimeUnixNano(1_000).setEndTimeUnixNano(2_000).build();
        Resource resource = Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(service))).build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource).addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
    }

    @Test
    void detectsEachJsonFormatByItsKeys() {
        byte[] jaegerJson = JaegerJsonDecoderTest.json(JaegerFixtures.hotelTrace(JaegerFixtures.TRACE_ID).get(0));
        byte[] otlpJson = OtelFixtures.otlpJson(OtelFixtures.hotelTrace(OtelFixtures.TRACE_ID));
        byte[] jaegerUi = utf8("{\"data\":[{\"spans\":[{\"traceID\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
                + "\"spanID\":\"00000000000000aa\",\"operationName\":\"op\",\"startTime\":1,\"duration\":2,"
                + "\"processID\":\"p1\"}],\"processes\":{\"p1\":{\"serviceName\":\"svc\"}}}]}");

        assertThat(auto.decode(jaegerJson)).isEqualTo(SpanFormat.JAEGER_JSON.decoder().decode(jaegerJson))
                .containsExactly(JaegerFixtures.hotelTraceCanonical(JaegerFixtures.TRACE_ID).get(0));
        assertThat(auto.decode(otlpJson))
                .containsExactlyInAnyOrderElementsOf(OtelFixtures.hotelTraceCanonical(OtelFixtures.TRACE_ID));
        assertThat(auto.decode(jaegerUi)).singleElement().extracting(Span::getService).isEqualTo("svc");
    }

    @Test
    void jsonWithLeadingWhitespaceOrByteOrderMarkIsStillJson() {
        byte[] indented = utf8("\n  {\"resourceSpans\":[]}\n");
        byte[] withBom = utf8("\uFEFF{\"data\":[]}");

        assertThat(auto.decode(indented)).isEmpty();
        assertThat(auto.decode(withBom)).isEmpty();
        assertThatThrownBy(() -> auto.decode(utf8("\n {\"data\":{}}")))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageContaining("as JSON: jaeger-ui at data: expected an array of traces");
    }

    @Test
    void emptyAndWhitespaceRecordsHaveNoSpans() {
        assertThat(auto.decode(new byte[0])).isEmpty();
        assertThat(auto.decode(utf8(" \n\t "))).isEmpty();
    }

    @Test
    void unknownJsonIsRejectedWithTheKeysItHas() {
        assertThatThrownBy(() -> auto.decode(utf8("{\"hello\":1,\"world\":2}")))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessage("auto: (root): a JSON object with none of the keys that identify a format: data "
                        + "(jaeger-ui), resourceSpans (otlp-json), traceId/spanId/operationName (jaeger-json); found "
                        + "[hello, world]");
        assertThatThrownBy(() -> auto.decode(utf8("[1,2]")))
                .hasMessageStartingWith("auto: (root): array [1,2] is none of the span formats");
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> auto.decode(utf8("hello, world")))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("auto: byte offset ");
        byte[] random = new byte[300];
        new Random(3).nextBytes(random);
        random[0] = 0x12; // not JSON, so it goes down the protobuf path
        assertThatThrownBy(() -> auto.decode(random)).isInstanceOf(SpanDecodeException.class);
    }

    @Test
    void decodesTheSameAsTheExplicitFormatForEveryFormat() {
        List<byte[]> records = List.of(
                JaegerFixtures.hotelTrace(JaegerFixtures.TRACE_ID).get(4).toByteArray(),
                OtelFixtures.otlpProto(OtelFixtures.hotelTrace(OtelFixtures.TRACE_ID)),
                OtelFixtures.otlpJson(OtelFixtures.hotelTrace(OtelFixtures.TRACE_ID)));
        List<SpanFormat> formats = List.of(SpanFormat.JAEGER_PROTO, SpanFormat.OTLP_PROTO, SpanFormat.OTLP_JSON);

        for (int i = 0; i < records.size(); i++) {
            assertThat(auto.decode(records.get(i))).isEqualTo(formats.get(i).decoder().decode(records.get(i)));
        }
    }
}
