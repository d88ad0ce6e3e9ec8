package io.queueflower.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.Span;
import io.queueflower.schemas.registry.IncompatibleSchemaException;
import io.queueflower.schemas.registry.MockSchemaRegistry;
import io.queueflower.schemas.registry.SchemaNotFoundException;
import io.queueflower.testsupport.SampleRecords;
import io.queueflower.testsupport.SchemaEdits;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {

    private final String scope = "serde-test-" + UUID.randomUUID();
    private final String url = "mock://" + scope;
    private final MockSchemaRegistry registry = MockSchemaRegistry.scope(scope);

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(scope);
    }

    private Map<String, Object> config(Object... keyValues) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url));
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T extends SpecificRecord> T roundTrip(T record, String topic, boolean isKey) {
        Class<T> type = (Class<T>) record.getClass();
        SpecificAvroSerde<T> serde = SpecificAvroSerde.forClass(type, config(), isKey);
        byte[] bytes = serde.serializer().serialize(topic, record);
        return serde.deserializer().deserialize(topic, bytes);
    }

    @Test
    void everyRecordTypeRoundTripsAsValueAndAsKey() {
        for (SpecificRecord record : SampleRecords.all()) {
            String topic = "qf." + record.getSchema().getName();
            assertThat(roundTrip(record, topic, false)).isEqualTo(record);
            assertThat(roundTrip(record, topic, true)).isEqualTo(record);
            assertThat(registry.versions(topic + "-value")).singleElement()
                    .satisfies(v -> assertThat(v.schema()).isEqualTo(record.getSchema()));
            assertThat(registry.versions(topic + "-key")).hasSize(1);
        }
        assertThat(registry.subjects()).hasSize(12);
    }

    @Test
    void headerCarriesTheRegisteredIdAndTheSameSchemaSharesIt() {
        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class, config(), false);
        byte[] first = serde.serializer().serialize("spans-a", SampleRecords.span());
        byte[] second = serde.serializer().serialize("spans-b", SampleRecords.span());
        int id = registry.getId("spans-a-value", Span.SCHEMA$);
        assertThat(first[0]).isZero();
        assertThat(ByteBuffer.wrap(first, 1, 4).getInt()).isEqualTo(id);
        assertThat(second).isEqualTo(first);
        assertThat(registry.getId("spans-b-value", Span.SCHEMA$)).isEqualTo(id);
    }

    @Test
    void nullsAreTombstonesBothWays() {
        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class, config(), false);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", (byte[]) null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null, (ByteBuffer) null)).isNull();
        assertThat(registry.subjects()).as("a tombstone registers nothing").isEmpty();
    }

    @Test
    void withoutAutoRegisterTheSchemaMustAlreadyBeThere() {
        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class,
                config(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);
        assertThatThrownBy(() -> serde.serializer().serialize("spans", SampleRecords.span()))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("'spans-value'")
                .hasMessageContaining(url)
                .hasMessageContaining("auto.register.schemas=false");
        assertThat(registry.subjects()).isEmpty();

        int id = registry.register("spans-value", Span.SCHEMA$);
        byte[] bytes = serde.serializer().serialize("spans", SampleRecords.span());
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(registry.versions("spans-value")).hasSize(1);
    }

    @Test
    void useLatestVersionWritesInTheLatestSchema() throws Exception {
        Schema latest = SchemaEdits.addField(Span.SCHEMA$, "zone", Schema.create(Schema.Type.STRING), "eu-west");
        registry.register("spans-value", Span.SCHEMA$);
        int latestId = registry.register("spans-value", latest);

        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class, config(
                AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);
        Span span = SampleRecords.span();
        byte[] bytes = serde.serializer().serialize("spans", span);

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId);
        GenericRecord asLatest = new GenericDatumReader<GenericRecord>(latest)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(asLatest.get("zone").toString()).as("field the record lacks gets its default").isEqualTo("eu-west");
        assertThat(asLatest.get("traceId").toString()).isEqualTo(span.getTraceId());
        assertThat(serde.deserializer().deserialize("spans", bytes)).isEqualTo(span);
        assertThat(registry.versions("spans-value")).hasSize(2);
    }

    @Test
    void useLatestVersionWithTheRecordsOwnSchemaWritesItDirectly() {
        int id = registry.register("spans-value", Span.SCHEMA$);
        SpecificAvroSerde<Span> latest = SpecificAvroSerde.forClass(Span.class,
                config(AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true), false);
        SpecificAvroSerde<Span> plain = SpecificAvroSerde.forClass(Span.class, config(), false);
        byte[] bytes = latest.serializer().serialize("spans", SampleRecords.span());
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(bytes).isEqualTo(plain.serializer().serialize("spans", SampleRecords.span()));
    }

    @Test
    void useLatestVersionRefusesALatestThatCannotHoldTheRecord() {
        registry.setCompatibility("spans-value", io.queueflower.schemas.registry.Compatibility.NONE);
        registry.register("spans-value", SchemaEdits.addField(Span.SCHEMA$, "zone",
                Schema.create(Schema.Type.STRING), null));
        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class,
                config(AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true), false);
        assertThatThrownBy(() -> serde.serializer().serialize("spans", SampleRecords.span()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'spans-value'")
                .hasMessageContaining("use.latest.version=true")
                .hasMessageContaining(url)
                .hasMessageContaining("zone");
    }

    @Test
    void incompatibleRegistrationFailsNamingSubjectAndRegistry() {
        registry.register("spans-value", SchemaEdits.removeField(Span.SCHEMA$, "service"));
        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class, config(), false);
        assertThatThrownBy(() -> serde.serializer().serialize("spans", SampleRecords.span()))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("'spans-value'")
                .hasMessageContaining(url)
                .hasMessageContaining("service");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aRecordOfAnotherClassIsRefused() {
        Serializer raw = SpecificAvroSerde.forClass(Span.class, config(), false).serializer();
        assertThatThrownBy(() -> raw.serialize("spans", SampleRecords.replicaStatus()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'spans'").hasMessageContaining("ReplicaStatus").hasMessageContaining("Span");
    }

    @Test
    void unconfiguredSerdesSayWhatIsMissing() {
        SpecificAvroSerializer<Span> serializer = new SpecificAvroSerializer<>(Span.class);
        assertThatThrownBy(() -> serializer.serialize("t", SampleRecords.span()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("schema.registry.url");
        SpecificAvroDeserializer<Span> deserializer = new SpecificAvroDeserializer<>(Span.class);
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0, 0, 0, 1, 2}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("schema.registry.url");
    }

    @Test
    void clientConstructorsNeedNoConfiguration() {
        SpecificAvroSerde<ReplicaStatus> serde = new SpecificAvroSerde<>(ReplicaStatus.class, registry);
        byte[] bytes = serde.serializer().serialize("replicas", SampleRecords.replicaStatus());
        assertThat(serde.deserializer().deserialize("replicas", bytes)).isEqualTo(SampleRecords.replicaStatus());
        assertThat(registry.subjects()).containsExactly("replicas-value");
    }

    @Test
    void byClassNameDeserializersFindTheClassFromConfigOrWriterSchema() {
        byte[] bytes = SpecificAvroSerde.forClass(Span.class, config(), false).serializer()
                .serialize("spans", SampleRecords.span());

        SpecificAvroDeserializer<Span> configured = new SpecificAvroDeserializer<>();
        configured.configure(config(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG, Span.class.getName()), false);
        assertThat(configured.deserialize("spans", bytes)).isEqualTo(SampleRecords.span());

        SpecificAvroDeserializer<Span> derived = new SpecificAvroDeserializer<>();
        derived.configure(config(), false);
        assertThat(derived.deserialize("spans", bytes)).isEqualTo(SampleRecords.span());

        SpecificAvroDeserializer<Span> wrongType = new SpecificAvroDeserializer<>();
        assertThatThrownBy(() -> wrongType.configure(
                config(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG, String.class.getName()), false))
                .hasMessageContaining("specific.avro.value.type").hasMessageContaining("SpecificRecord");
    }

    @Test
    void byClassNameDeserializerExplainsAWriterWithoutAGeneratedClass() {
        Schema unknown = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Nothing\",\"namespace\":\"nowhere\",\"fields\":[]}");
        int id = registry.register("x-value", unknown);
        SpecificAvroDeserializer<Span> derived = new SpecificAvroDeserializer<>();
        derived.configure(config(), false);
        byte[] bytes = ByteBuffer.allocate(5).put((byte) 0).putInt(id).array();
        assertThatThrownBy(() -> derived.deserialize("x", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'x'").hasMessageContaining("nowhere.Nothing")
                .hasMessageContaining("specific.avro.value.type");
    }

    @Test
    void serializesCorrectlyFromManyThreads() throws Exception {
        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class, config(), false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 2_000; i++) {
                        // Varying lengths make a reused buffer's leftovers show up as corruption.
                        Span span = Span.newBuilder(SampleRecords.span())
                                .setOperation("op-" + thread + "-" + "x".repeat(i % 97))
                                .setDurationMicros(i).build();
                        Span back = serde.deserializer().deserialize("spans",
                                serde.serializer().serialize("spans", span));
                        assertThat(back).isEqualTo(span);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
