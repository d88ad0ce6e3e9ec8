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

import com.google.protobuf.ByteString;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import io.queueflower.jaeger.api_v2.JaegerModel;
import io.queueflower.jaeger.api_v2.JaegerModel.SpanRefType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JaegerProtoDecoderTest {
    private final SpanDecoder decoder = SpanFormat.JAEGER_PROTO.decoder();
    private final JaegerModel.Process frontend = process("frontend", tag("hostname", "frontend-1"));

    private Span decodeOne(JaegerModel.Span span) {
        List<Span> spans = decoder.decode(span.toByteArray());
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }

    @Test
    void decodesAMultiServiceTraceRecordByRecord() {
        List<Span> decoded = JaegerFixtures.hotelTrace(TRACE_ID).stream()
                .flatMap(span -> decoder.decode(span.toByteArray()).stream())
                .toList();

        assertThat(decoded).containsExactlyElementsOf(JaegerFixtures.hotelTraceCanonical(TRACE_ID));
    }

    @Test
    void aSpanWithoutReferencesIsARoot() {
        Span root = decodeOne(span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10).build());

        assertThat(root.getParentSpanId()).isNull();
        assertThat(root.getKind()).isEqualTo(SpanKind.UNSPECIFIED);
    }

    @Test
    void aParentThatIsNotInTheInputIsStillNamed() {
        // The decoder does not know the rest of the trace; assembling orphans is the trace assembler's job.
        Span orphan = decodeOne(span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10)
                .addReferences(ref(SpanRefType.CHILD_OF, TRACE_ID, "00000000000000ff")).build());

        assertThat(orphan.getParentSpanId()).isEqualTo("00000000000000ff");
    }

    @Test
    void aZeroParentIdMeansNoParent() {
        Span root = decodeOne(span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10)
                .addReferences(ref(SpanRefType.CHILD_OF, TRACE_ID, "0000000000000000")).build());

        assertThat(root.getParentSpanId()).isNull();
    }

    @Test
    void followsFromIsTheParentWhenThereIsNoChildOf() {
        Span consumer = decodeOne(span(TRACE_ID, "00000000000000aa", "consume", frontend, T0, 10)
                .addReferences(ref(SpanRefType.FOLLOWS_FROM, TRACE_ID, "00000000000000b1"))
                .addReferences(ref(SpanRefType.FOLLOWS_FROM, TRACE_ID, "00000000000000b2")).build());

        assertThat(consumer.getParentSpanId()).isEqualTo("00000000000000b1");
    }

    @Test
    void childOfWinsOverAnEarlierFollowsFrom() {
        Span span = decodeOne(span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10)
                .addReferences(ref(SpanRefType.FOLLOWS_FROM, TRACE_ID, "00000000000000b1"))
                .addReferences(ref(SpanRefType.CHILD_OF, TRACE_ID, "00000000000000c1")).build());

        assertThat(span.getParentSpanId()).isEqualTo("00000000000000c1");
    }

    @Test
    void referencesIntoAnotherTraceAreNotParents() {
        Span span = decodeOne(span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10)
                .addReferences(ref(SpanRefType.CHILD_OF, "11111111111111111111111111111111", "00000000000000c1"))
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
    void sixtyFourBitTraceIdsAreZeroPaddedWhetherSentAsSixteenOrEightBytes() {
        String low = "00f067aa0ba902b7";
        Span widened = decodeOne(span("0000000000000000" + low, "00000000000000aa", "op", frontend, T0, 10).build());
        Span shortId = decodeOne(span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10)
                .setTraceId(id(low)).build());

        assertThat(widened.getTraceId()).isEqualTo("0000000000000000" + low);
        assertThat(shortId.getTraceId()).isEqualTo("0000000000000000" + low);
    }

    @Test
    void hundredTwentyEightBitTraceIdsAreKept() {
        assertThat(decodeOne(span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10).build()).getTraceId())
                .isEqualTo(TRACE_ID);
    }

    @Test
    void errorTagAsStringAndHttpStatusAsStringAreUnderstood() {
        Span span = decodeOne(span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10)
                .addTags(tag("error", "true")).addTags(tag("http.response.status_code", "503"))
                .addTags(tag("span.kind", "PRODUCER")).build());

        assertThat(span.getError()).isTrue();
        assertThat(span.getStatusCode()).isEqualTo(503);
        assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
    }

    @Test
    void emptyRecordHasNoSpans() {
        assertThat(decoder.decode(new byte[0])).isEmpty();
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> decoder.decode("hello, world".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("jaeger-proto: ");
        byte[] random = new byte[200];
        new Random(7).nextBytes(random);
        assertThatThrownBy(() -> decoder.decode(random))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageStartingWith("jaeger-proto: ");
    }

    @Test
    void traceIdOfWrongLengthIsNamed() {
        JaegerModel.Span span = span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10)
                .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5})).build();

        assertThatThrownBy(() -> decoder.decode(span.toByteArray()))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessage("jaeger-proto: traceId: trace id has 5 bytes, expected 16 (or 8 for a 64-bit id)");
    }

    @Test
    void spanIdOfWrongLengthIsNamed() {
        JaegerModel.Span span = span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10)
                .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4})).build();

        assertThatThrownBy(() -> decoder.decode(span.toByteArray()))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageContaining("spanId: span id has 4 bytes, expected 8");
    }

    @Test
    void referenceIdOfWrongLengthIsNamed() {
        JaegerModel.Span span = span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10)
                .addReferences(JaegerModel.SpanRef.newBuilder().setTraceId(id(TRACE_ID))
                        .setSpanId(ByteString.copyFrom(new byte[3]))).build();

        assertThatThrownBy(() -> decoder.decode(span.toByteArray()))
                .hasMessageContaining("references[0].spanId: span id has 3 bytes");
    }

    @Test
    void aSpanWithoutProcessIsRejected() {
        JaegerModel.Span span = span(TRACE_ID, "00000000000000aa", "op", frontend, T0, 10).clearProcess().build();

        assertThatThrownBy(() -> decoder.decode(span.toByteArray()))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageContaining("process.serviceName: missing");
    }

    @Test
    void anOtlpRequestIsNotMistakenForAJaegerSpan() {
        byte[] otlp = OtelFixtures.otlpProto(OtelFixtures.hotelTrace(OtelFixtures.TRACE_ID));

        assertThatThrownBy(() -> decoder.decode(otlp)).isInstanceOf(SpanDecodeException.class);
    }
}
