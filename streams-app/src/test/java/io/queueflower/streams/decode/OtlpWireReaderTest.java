package io.queueflower.streams.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The wire reader is a fast path: it must give exactly the spans of parseFrom + OtlpSpanMapper, or step aside. */
class OtlpWireReaderTest {

    @Test
    void randomRequestsDecodeExactlyAsTheReferenceMapping() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            byte[] record = randomRequest(random).toByteArray();
            List<io.queueflower.avro.Span> reference = OtlpSpanMapper.toCanonical(
                    ExportTraceServiceRequest.parseFrom(record), SpanFormat.OTLP_PROTO);
            assertThat(OtlpWireReader.read(record, SpanFormat.OTLP_PROTO)).as("request " + i).isEqualTo(reference);
        }
    }

    @Test
    void theResourceMayFollowItsSpansOnTheWire() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        ResourceSpans resourceSpans = ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(string("service.name", "svc-1")))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(random, 0)).addSpans(span(random, 1)))
                .build();
        // Field 2 (scope_spans) first, then field 1 (resource): legal protobuf, and the service must still apply.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
            out.writeMessage(2, scope);
        }
        out.writeMessage(1, resourceSpans.getResource());
        out.flush();
        byte[] reordered = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.parseFrom(bytes.toByteArray())).build().toByteArray();
        List<io.queueflower.avro.Span> spans = OtlpWireReader.read(reordered, SpanFormat.OTLP_PROTO);
        assertThat(spans).isNotEmpty().allSatisfy(s -> assertThat(s.getService()).isEqualTo("svc-1"));
        assertThat(spans).isEqualTo(OtlpSpanMapper.toCanonical(ExportTraceServiceRequest.parseFrom(reordered),
                SpanFormat.OTLP_PROTO));
    }

    @Test
    void invalidOrUnusualRecordsAreLeftToTheReferenceDecoder() throws IOException {
        byte[] badTraceId = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(new SplittableRandom(3), 0).toBuilder()
                        .setTraceId(ByteString.copyFrom(new byte[5]))))).build().toByteArray();
        assertThatThrownBy(() -> OtlpWireReader.read(badTraceId, SpanFormat.OTLP_PROTO))
                .isInstanceOf(OtlpWireReader.NotHandled.class);
        // ... and the decoder still reports it the reference way, naming the field.
        assertThatThrownBy(() -> OtlpProtoDecoder.INSTANCE.decode(badTraceId))
                .isInstanceOf(SpanDecodeException.class)
                .hasMessageContaining("resourceSpans[0].scopeSpans[0].spans[0].traceId")
                .hasMessageContaining("5 bytes");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeBytes(1, ByteString.EMPTY);
        out.writeString(2, "not a request field");
        out.flush();
        assertThatThrownBy(() -> OtlpWireReader.read(bytes.toByteArray(), SpanFormat.OTLP_PROTO))
                .isInstanceOf(OtlpWireReader.NotHandled.class).hasMessageContaining("top-level field 2");
        assertThatThrownBy(() -> OtlpProtoDecoder.INSTANCE.decode(bytes.toByteArray()))
                .isInstanceOf(SpanDecodeException.class).hasMessageContaining("field 2");
    }

    private static ExportTraceServiceRequest randomRequest(SplittableRandom random) {
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        int resources = random.nextInt(4);
        for (int r = 0; r < resources; r++) {
            request.addResourceSpans(resourceSpans(random, r));
        }
        return request.build();
    }

    private static ResourceSpans resourceSpans(SplittableRandom random, int r) {
        Resource.Builder resource = Resource.newBuilder();
        if (random.nextInt(5) != 0) {
            resource.addAttributes(string("service.name", "svc-" + r));
        }
        if (random.nextBoolean()) {
            resource.addAttributes(string("host.name", "host-" + random.nextInt(3)));
        }
        if (random.nextBoolean()) {
            resource.addAttributes(string("k8s.pod.name", "pod-" + random.nextInt(3)));
        }
        if (random.nextInt(4) == 0) {
            resource.addAttributes(string("hostname", ""));
        }
        resource.addAttributes(string("telemetry.sdk.language", "java"))
                .addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder().setIntValue(3)));
        ResourceSpans.Builder resourceSpans = ResourceSpans.newBuilder().setResource(resource).setSchemaUrl("https://x");
        int scopes = random.nextInt(3);
        for (int s = 0; s < scopes; s++) {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName("lib").setVersion("1"));
            int spans = random.nextInt(5);
            for (int i = 0; i < spans; i++) {
                scope.addSpans(span(random, i));
            }
            resourceSpans.addScopeSpans(scope);
        }
        return resourceSpans.build();
    }

    private static Span span(SplittableRandom random, int i) {
        byte[] traceId = new byte[16];
        byte[] spanId = new byte[8];
        traceId[random.nextInt(16)] = (byte) (1 + random.nextInt(200));
        spanId[random.nextInt(8)] = (byte) (1 + random.nextInt(200));
        long start = 1_700_000_000_000_000_000L + random.nextInt(1_000_000);
        Span.Builder span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(traceId))
                .setSpanId(ByteString.copyFrom(spanId))
                .setName("op-" + i)
                .setKindValue(random.nextInt(7))
                .setStartTimeUnixNano(start)
                .setEndTimeUnixNano(start + random.nextInt(1_000_000))
                .setTraceState("k=v");
        if (random.nextBoolean()) {
            byte[] parent = new byte[8];
            parent[0] = (byte) random.nextInt(3); // sometimes all zero: no parent
            span.setParentSpanId(ByteString.copyFrom(parent));
        }
        switch (random.nextInt(6)) {
            case 0 -> span.addAttributes(KeyValue.newBuilder().setKey("http.status_code")
                    .setValue(AnyValue.newBuilder().setIntValue(200 + random.nextInt(400))));
            case 1 -> span.addAttributes(string("http.response.status_code", Integer.toString(500)));
            case 2 -> span.addAttributes(KeyValue.newBuilder().setKey("rpc.grpc.status_code")
                    .setValue(AnyValue.newBuilder().setDoubleValue(random.nextInt(16))));
            case 3 -> span.addAttributes(KeyValue.newBuilder().setKey("http.status_code")
                    .setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(
                            AnyValue.newBuilder().setIntValue(1)))));
            case 4 -> span.addAttributes(KeyValue.newBuilder().setKey("error")
                    .setValue(AnyValue.newBuilder().setBoolValue(true)));
            default -> { }
        }
        span.addAttributes(string("http.route", "/x")).addAttributes(KeyValue.newBuilder().setKey("bin")
                .setValue(AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2}))));
        if (random.nextBoolean()) {
            span.setStatus(Status.newBuilder().setCodeValue(random.nextInt(4)).setMessage("m"));
        }
        span.addEvents(Span.Event.newBuilder().setName("ev").setTimeUnixNano(start));
        return span.build();
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
