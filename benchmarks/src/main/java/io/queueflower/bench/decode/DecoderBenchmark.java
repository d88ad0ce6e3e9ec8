package io.queueflower.bench.decode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.queueflower.avro.Span;
import io.queueflower.bench.data.SyntheticTraces;
import io.queueflower.jaeger.api_v2.JaegerModel;
import io.queueflower.schemas.serde.SpecificAvroSerde;
import io.queueflower.streams.decode.SpanDecoder;
import io.queueflower.streams.decode.SpanFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Spans per second of one thread turning raw span records into canonical Avro bytes, per encoding, beside the
 * library parse of the same bytes (the floor any decoder pays). One operation is one span: each invocation handles
 * one batch of records holding {@value #SPANS_PER_BATCH} spans (8 OTLP requests of 8 spans, or 64 Jaeger spans).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
public class DecoderBenchmark {
    static final int SPANS_PER_BATCH = 64;
    private static final int BATCHES = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Input encoding; {@code auto} reads OTLP protobuf bytes through the detecting decoder (the default config). */
    @Param({"otlp-proto", "jaeger-proto", "otlp-json", "jaeger-json", "auto"})
    public String format;

    private byte[][][] batches;
    private SpanDecoder decoder;
    private boolean protobufOtlp;
    private boolean protobufJaeger;
    private Serializer<Span> serializer;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SpanFormat spanFormat = SpanFormat.fromCliName(format);
        decoder = spanFormat.decoder();
        protobufOtlp = spanFormat == SpanFormat.OTLP_PROTO || spanFormat == SpanFormat.AUTO;
        protobufJaeger = spanFormat == SpanFormat.JAEGER_PROTO;
        batches = new byte[BATCHES][][];
        long trace = 0;
        long endMicros = 1_700_000_000_000_000L;
        for (int b = 0; b < BATCHES; b++) {
            List<byte[]> records = new ArrayList<>();
            int spans = 0;
            while (spans < SPANS_PER_BATCH) {
                endMicros += 137;
                switch (spanFormat) {
                    case OTLP_PROTO, AUTO -> records.add(SyntheticTraces.otlp(trace, 1, endMicros, true).toByteArray());
                    case OTLP_JSON -> records.add(SyntheticTraces.otlpJson(SyntheticTraces.otlp(trace, 1, endMicros, true)));
                    case JAEGER_PROTO -> SyntheticTraces.jaeger(trace, 1, endMicros)
                            .forEach(span -> records.add(span.toByteArray()));
                    case JAEGER_JSON -> SyntheticTraces.jaeger(trace, 1, endMicros)
                            .forEach(span -> records.add(SyntheticTraces.jaegerJson(span)));
                    default -> throw new IllegalArgumentException("no benchmark input for " + format);
                }
                spans += SyntheticTraces.SPANS_PER_TRACE;
                trace++;
            }
            batches[b] = records.toArray(byte[][]::new);
        }
        // Check once, outside the measurement, that the decoder really produces every span.
        int decoded = 0;
        for (byte[] record : batches[0]) {
            decoded += decoder.decode(record).size();
        }
        if (decoded != SPANS_PER_BATCH) {
            throw new IllegalStateException(format + ": a batch decoded to " + decoded + " spans, expected " + SPANS_PER_BATCH);
        }
        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class,
                Map.of("schema.registry.url", "mock://decoder-benchmark"), false);
        serializer = serde.serializer();
    }

    private byte[][] nextBatch() {
        byte[][] batch = batches[next];
        next = (next + 1) % BATCHES;
        return batch;
    }

    /** Baseline: the library's parse of the same bytes (protobuf for the binary encodings, Jackson's tree for JSON). */
    @Benchmark
    @OperationsPerInvocation(SPANS_PER_BATCH)
    public void parse(Blackhole hole) throws IOException {
        for (byte[] record : nextBatch()) {
            if (protobufOtlp) {
                hole.consume(ExportTraceServiceRequest.parseFrom(record));
            } else if (protobufJaeger) {
                hole.consume(JaegerModel.Span.parseFrom(record));
            } else {
                hole.consume(JSON.readTree(record));
            }
        }
    }

    /** Decode to canonical {@link Span} objects only. */
    @Benchmark
    @OperationsPerInvocation(SPANS_PER_BATCH)
    public void decode(Blackhole hole) {
        for (byte[] record : nextBatch()) {
            hole.consume(decoder.decode(record));
        }
    }

    /** The figure with the target: decode, then serialize every span as qf.spans does (Confluent-framed Avro). */
    @Benchmark
    @OperationsPerInvocation(SPANS_PER_BATCH)
    public void decodeAndSerialize(Blackhole hole) {
        for (byte[] record : nextBatch()) {
            for (Span span : decoder.decode(record)) {
                hole.consume(serializer.serialize("qf.spans", span));
            }
        }
    }
}
