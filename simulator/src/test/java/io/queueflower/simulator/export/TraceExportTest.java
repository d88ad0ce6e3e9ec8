package io.queueflower.simulator.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.queueflower.avro.Span;
import io.queueflower.core.workload.ConstantRate;
import io.queueflower.simulator.engine.CompletedRequest;
import io.queueflower.simulator.engine.Simulation;
import io.queueflower.simulator.engine.SimulationSettings;
import io.queueflower.simulator.model.ModelLoader;
import io.queueflower.streams.decode.SpanFormat;
import io.queueflower.streams.decode.SpanRecord;
import io.queueflower.streams.decode.SpanRecordReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every output format decodes, with the streams app's own decoders, back into exactly the simulated spans. */
class TraceExportTest {
    static List<List<Span>> traces(long seed, double seconds) {
        List<List<Span>> traces = new ArrayList<>();
        Simulation simulation = new Simulation(ModelLoader.defaultModel(), new ConstantRate(20),
                SimulationSettings.defaults(seed), (CompletedRequest r) -> traces.add(r.spans()));
        simulation.runUntil(seconds);
        return traces;
    }

    @ParameterizedTest
    @EnumSource(value = SpanFormat.class, names = "AUTO", mode = EnumSource.Mode.EXCLUDE)
    void fileRoundTripsThroughTheIngestDecoders(SpanFormat format, @TempDir Path dir) throws Exception {
        List<List<Span>> traces = traces(1, 10);
        Path file = dir.resolve("spans");
        try (FileTraceSink sink = new FileTraceSink(file, new TraceEncoder(format, "hotel"))) {
            for (List<Span> trace : traces) {
                sink.accept(trace);
            }
        }
        List<Span> decoded = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); SpanRecordReader reader = new SpanRecordReader(in, format)) {
            SpanRecord record;
            while ((record = reader.next()) != null) {
                decoded.addAll(format.decoder().decode(record.bytes()));
            }
        }
        List<Span> expected = traces.stream().flatMap(List::stream).toList();
        // OTLP groups a trace's spans by resource, so only the set is kept, not the order
        assertThat(decoded).containsExactlyInAnyOrderElementsOf(expected);
        // and auto detection recognises the file and every record in it
        List<Span> auto = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
             SpanRecordReader reader = new SpanRecordReader(in, SpanFormat.AUTO)) {
            SpanRecord record;
            while ((record = reader.next()) != null) {
                auto.addAll(SpanFormat.AUTO.decoder().decode(record.bytes()));
            }
        }
        assertThat(auto).hasSameSizeAs(expected);
    }

    @Test
    void otlpRequestsCarryTheResourceAndRpcAttributesOfRealInstrumentation() throws Exception {
        List<Span> trace = traces(2, 5).get(0);
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(new OtlpTraceEncoder("hotel").proto(trace));
        long resources = trace.stream().map(s -> s.getService() + s.getHost()).distinct().count();
        assertThat(request.getResourceSpansCount()).isEqualTo((int) resources);
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, String> resource = resourceSpans.getResource().getAttributesList().stream()
                    .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
            assertThat(resource).containsKeys("service.name", "k8s.pod.name", "host.name")
                    .containsEntry("k8s.namespace.name", "hotel");
            assertThat(resource.get("k8s.pod.name")).startsWith(resource.get("service.name") + "-");
            for (var span : resourceSpans.getScopeSpans(0).getSpansList()) {
                Map<String, Object> attributes = span.getAttributesList().stream().collect(Collectors.toMap(
                        KeyValue::getKey, kv -> kv.getValue().hasIntValue() ? (Object) kv.getValue().getIntValue()
                                : kv.getValue().getStringValue()));
                if (span.getParentSpanId().isEmpty()) {
                    assertThat(span.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
                    assertThat(attributes).containsEntry("http.status_code", 200L).containsEntry("http.method", "GET");
                } else {
                    assertThat(attributes).containsEntry("rpc.system", "grpc").containsEntry("rpc.grpc.status_code", 0L)
                            .containsKeys("rpc.service", "rpc.method");
                }
            }
        }
    }

    @Test
    void sameSeedWritesByteIdenticalFiles(@TempDir Path dir) throws Exception {
        for (SpanFormat format : List.of(SpanFormat.OTLP_PROTO, SpanFormat.JAEGER_PROTO, SpanFormat.JAEGER_UI)) {
            assertThat(digest(format, 5)).as(format.cliName()).isEqualTo(digest(format, 5))
                    .isNotEqualTo(digest(format, 6));
        }
    }

    private static String digest(SpanFormat format, long seed) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (FileTraceSink sink = new FileTraceSink(bytes, new TraceEncoder(format, "default"))) {
            for (List<Span> trace : traces(seed, 20)) {
                sink.accept(trace);
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }

    @Test
    void kafkaRecordsAreKeyedByTraceIdAndOneJaegerSpanEach() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        List<Span> trace = traces(3, 5).get(0);
        try (KafkaTraceSink sink = new KafkaTraceSink(producer, "jaeger-spans",
                new TraceEncoder(SpanFormat.JAEGER_PROTO, "default"))) {
            sink.accept(trace);
            assertThat(sink.records()).isEqualTo(trace.size());
        }
        assertThat(producer.history()).hasSize(trace.size()).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo("jaeger-spans");
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(trace.get(0).getTraceId());
        });
        assertThat(SpanFormat.JAEGER_PROTO.decoder().decode(producer.history().get(0).value())).containsExactly(trace.get(0));
    }

    @Test
    void aFailedSendStopsTheRun() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        KafkaTraceSink sink = new KafkaTraceSink(producer, "spans", new TraceEncoder(SpanFormat.OTLP_PROTO, "default"));
        List<Span> trace = traces(3, 5).get(0);
        sink.accept(trace);
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));
        assertThatThrownBy(() -> sink.accept(trace)).hasMessageContaining("topic spans").hasMessageContaining("broker gone");
    }

    @Test
    void formatNamesAcceptUnderscoresAndRejectAuto() {
        assertThat(TraceEncoder.parseFormat("otlp_proto")).isEqualTo(SpanFormat.OTLP_PROTO);
        assertThat(TraceEncoder.parseFormat("jaeger-ui")).isEqualTo(SpanFormat.JAEGER_UI);
        assertThatThrownBy(() -> TraceEncoder.parseFormat("auto")).hasMessageContaining("input setting");
        assertThatThrownBy(() -> TraceEncoder.parseFormat("zipkin")).hasMessageContaining("zipkin");
    }
}
