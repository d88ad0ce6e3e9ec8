package io.queueflower.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import io.queueflower.schemas.registry.MockSchemaRegistry;
import io.queueflower.schemas.registry.RegisteredSchema;
import io.queueflower.schemas.registry.SchemaRegistryClient;
import io.queueflower.testsupport.SampleRecords;
import io.queueflower.testsupport.SchemaEdits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Our bytes are plain Avro behind the 5-byte Confluent header, and plain Avro behind such a header is read by us. */
class WireFormatInteropTest {

    private final String scope = "wire-test-" + UUID.randomUUID();
    private final MockSchemaRegistry registry = MockSchemaRegistry.scope(scope);

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(scope);
    }

    private static byte[] plainAvro(Schema schema, Object datum, boolean specific) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        if (specific) {
            new SpecificDatumWriter<>(schema).write(datum, encoder);
        } else {
            new GenericDatumWriter<>(schema).write(datum, encoder);
        }
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] framed(int id, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
    }

    @Test
    void ourBytesAreHeaderPlusPlainAvro() throws IOException {
        Span span = SampleRecords.span();
        byte[] bytes = new SpecificAvroSerializer<>(Span.class, registry).serialize("spans", span);

        int id = registry.getId("spans-value", Span.SCHEMA$);
        assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, id >>> 24, (id >>> 16) & 0xff, (id >>> 8) & 0xff,
                id & 0xff);
        byte[] body = Arrays.copyOfRange(bytes, 5, bytes.length);
        assertThat(body).isEqualTo(plainAvro(Span.SCHEMA$, span, true));

        GenericRecord generic = new GenericDatumReader<GenericRecord>(Span.SCHEMA$)
                .read(null, DecoderFactory.get().binaryDecoder(body, null));
        assertThat(generic.get("traceId").toString()).isEqualTo(span.getTraceId());
        assertThat(generic.get("kind").toString()).isEqualTo("SERVER");
        assertThat(generic.get("statusCode")).isEqualTo(200);
        Span specific = new SpecificDatumReader<>(Span.class).read(null, DecoderFactory.get().binaryDecoder(body, null));
        assertThat(specific).isEqualTo(span);
    }

    @Test
    void headerIsBigEndianForLargeIds() {
        // Mock ids are small; a registry that hands out a large id shows the byte order.
        SchemaRegistryClient largeIds = new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema schema) {
                return 0x01020304;
            }

            @Override
            public int getId(String subject, Schema schema) {
                return 0x01020304;
            }

            @Override
            public Schema getSchemaById(int id) {
                assertThat(id).isEqualTo(0x01020304);
                return Span.SCHEMA$;
            }

            @Override
            public RegisteredSchema latestSchema(String subject) {
                return new RegisteredSchema(0x01020304, 1, Span.SCHEMA$);
            }

            @Override
            public String url() {
                return "stub://large-ids";
            }
        };
        byte[] bytes = new SpecificAvroSerializer<>(Span.class, largeIds).serialize("spans", SampleRecords.span());
        assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, 1, 2, 3, 4);
        assertThat(new SpecificAvroDeserializer<>(Span.class, largeIds).deserialize("spans", bytes))
                .isEqualTo(SampleRecords.span());
    }

    @Test
    void nestedMapsAndRecordsSurviveTheSameWay() throws IOException {
        ScalingDecision decision = SampleRecords.scalingDecision();
        byte[] bytes = new SpecificAvroSerializer<>(ScalingDecision.class, registry).serialize("decisions", decision);
        byte[] body = Arrays.copyOfRange(bytes, 5, bytes.length);
        assertThat(new SpecificDatumReader<>(ScalingDecision.class)
                .read(null, DecoderFactory.get().binaryDecoder(body, null))).isEqualTo(decision);
    }

    @Test
    void plainAvroBehindAHandBuiltHeaderIsRead() throws IOException {
        GenericRecord record = new GenericData.Record(Span.SCHEMA$);
        record.put("traceId", "0000000000000000000000000000abcd");
        record.put("spanId", "00000000000000ef");
        record.put("parentSpanId", null);
        record.put("service", "geo");
        record.put("operation", "/geo.Geo/Nearby");
        record.put("kind", new GenericData.EnumSymbol(Span.SCHEMA$.getField("kind").schema(), "CLIENT"));
        record.put("startMicros", 10L);
        record.put("durationMicros", 20L);
        record.put("host", "geo-0");
        record.put("statusCode", null);
        record.put("error", true);
        int id = registry.register("spans-value", Span.SCHEMA$);

        Span read = new SpecificAvroDeserializer<>(Span.class, registry)
                .deserialize("spans", framed(id, plainAvro(Span.SCHEMA$, record, false)));

        assertThat(read).isEqualTo(Span.newBuilder().setTraceId("0000000000000000000000000000abcd")
                .setSpanId("00000000000000ef").setService("geo").setOperation("/geo.Geo/Nearby")
                .setKind(SpanKind.CLIENT).setStartMicros(10L).setDurationMicros(20L).setHost("geo-0")
                .setError(true).build());
    }

    @Test
    void anEvolvedWriterIsResolvedIntoTheCurrentClass() throws IOException {
        // A newer producer added 'zone' and dropped 'host' (which has a default): both directions resolve.
        Schema newer = SchemaEdits.removeField(
                SchemaEdits.addField(Span.SCHEMA$, "zone", Schema.create(Schema.Type.STRING), "eu"), "host");
        int id = registry.register("spans-value", newer);
        Span original = SampleRecords.span();
        GenericRecord record = new GenericData.Record(newer);
        for (Schema.Field field : newer.getFields()) {
            if (field.name().equals("zone")) {
                record.put("zone", "us-east");
            } else if (field.name().equals("kind")) {
                record.put("kind", new GenericData.EnumSymbol(field.schema(), original.getKind().name()));
            } else {
                record.put(field.name(), original.get(field.name()));
            }
        }

        Span read = new SpecificAvroDeserializer<>(Span.class, registry)
                .deserialize("spans", framed(id, plainAvro(newer, record, false)));

        assertThat(read).isEqualTo(Span.newBuilder(original).setHost(null).build());
    }

    @Test
    void decodesInPlaceFromAByteBufferSlice() {
        Span span = SampleRecords.span();
        byte[] bytes = new SpecificAvroSerializer<>(Span.class, registry).serialize("spans", span);
        byte[] padded = new byte[bytes.length + 20];
        System.arraycopy(bytes, 0, padded, 7, bytes.length);
        ByteBuffer view = ByteBuffer.wrap(padded, 7, bytes.length).slice();

        assertThat(new SpecificAvroDeserializer<>(Span.class, registry).deserialize("spans", null, view))
                .isEqualTo(span);
        assertThat(view.position()).as("the consumer's buffer is left as it was").isZero();
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        assertThat(new SpecificAvroDeserializer<>(Span.class, registry).deserialize("spans", null, direct))
                .isEqualTo(span);
    }
}
