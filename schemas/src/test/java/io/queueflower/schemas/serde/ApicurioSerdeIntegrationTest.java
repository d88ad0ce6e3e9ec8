package io.queueflower.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.avro.Span;
import io.queueflower.embedded.ApicurioRegistry;
import io.queueflower.schemas.registry.BasicAuthSource;
import io.queueflower.schemas.registry.IncompatibleSchemaException;
import io.queueflower.schemas.registry.RegisteredSchema;
import io.queueflower.schemas.registry.SchemaNotFoundException;
import io.queueflower.schemas.registry.SchemaRegistryClient;
import io.queueflower.schemas.registry.SchemaRegistryClients;
import io.queueflower.schemas.registry.SchemaRegistryUnavailableException;
import io.queueflower.testsupport.RecordingHttpServer;
import io.queueflower.testsupport.SampleRecords;
import io.queueflower.testsupport.SchemaEdits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The serde against a real Confluent-API registry: Apicurio Registry 2.6 started as a child process. */
class ApicurioSerdeIntegrationTest {

    private static ApicurioRegistry apicurio;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startRegistry() {
        apicurio = ApicurioRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        if (apicurio != null) {
            apicurio.close();
            assertThat(apicurio.isRunning()).as("registry process stopped by close()").isFalse();
            assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", apicurio.port()).close())
                    .as("nothing listens on the registry's port any more").isInstanceOf(java.io.IOException.class);
        }
    }

    private String topic(String name) {
        return "it-" + run + "-" + name;
    }

    private static Map<String, Object> config(String url, Object... keyValues) {
        Map<String, Object> config = new HashMap<>(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url));
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    /** A client without caches, so every question really goes to the registry. */
    private static SchemaRegistryClient directClient() {
        return SchemaRegistryClients.connect(List.of(apicurio.ccompatUrl()), BasicAuthSource.URL, null, Duration.ZERO);
    }

    private static int headerId(byte[] bytes) {
        assertThat(bytes[0]).isZero();
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRecordTypeRoundTripsThroughTheRealRegistry() {
        SchemaRegistryClient direct = directClient();
        for (SpecificRecord record : SampleRecords.all()) {
            Class<SpecificRecord> type = (Class<SpecificRecord>) record.getClass();
            String topic = topic(record.getSchema().getName());
            // Separate serde instances: the reader learns the schema from the registry, not from a shared cache.
            byte[] bytes = SpecificAvroSerde.forClass(type, config(apicurio.ccompatUrl()), false).serializer()
                    .serialize(topic, record);
            SpecificRecord back = SpecificAvroSerde.forClass(type, config(apicurio.ccompatUrl()), false)
                    .deserializer().deserialize(topic, bytes);

            assertThat(back).isEqualTo(record);
            RegisteredSchema registered = direct.latestSchema(topic + "-value");
            assertThat(registered.id()).isEqualTo(headerId(bytes));
            assertThat(registered.version()).isEqualTo(1);
            assertThat(SchemaNormalization.parsingFingerprint64(registered.schema()))
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(record.getSchema()));
            assertThat(direct.getSchemaById(headerId(bytes))).isEqualTo(registered.schema());
        }
        String keyTopic = topic("keyed");
        SpecificAvroSerde<Span> keys = SpecificAvroSerde.forClass(Span.class, config(apicurio.ccompatUrl()), true);
        byte[] key = keys.serializer().serialize(keyTopic, SampleRecords.span());
        assertThat(keys.deserializer().deserialize(keyTopic, key)).isEqualTo(SampleRecords.span());
        assertThat(direct.latestSchema(keyTopic + "-key").id()).isEqualTo(headerId(key));
    }

    @Test
    void withoutAutoRegisterTheExistingIdIsLookedUp() {
        String topic = topic("lookup");
        byte[] registered = SpecificAvroSerde.forClass(Span.class, config(apicurio.ccompatUrl()), false)
                .serializer().serialize(topic, SampleRecords.span());
        SpecificAvroSerde<Span> lookupOnly = SpecificAvroSerde.forClass(Span.class,
                config(apicurio.ccompatUrl(), AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);
        assertThat(lookupOnly.serializer().serialize(topic, SampleRecords.span())).isEqualTo(registered);

        String unregistered = topic("unregistered");
        assertThatThrownBy(() -> lookupOnly.serializer().serialize(unregistered, SampleRecords.span()))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("'" + unregistered + "-value'")
                .hasMessageContaining(apicurio.ccompatUrl())
                .hasMessageContaining("auto.register.schemas=false");
    }

    @Test
    void useLatestVersionWritesWithTheNewestRegisteredSchema() throws Exception {
        String topic = topic("latest");
        String subject = topic + "-value";
        Schema newer = SchemaEdits.addField(Span.SCHEMA$, "zone", Schema.create(Schema.Type.STRING), "eu-west");
        SchemaRegistryClient direct = directClient();
        direct.register(subject, Span.SCHEMA$);
        int newerId = direct.register(subject, newer);

        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class, config(apicurio.ccompatUrl(),
                AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);
        byte[] bytes = serde.serializer().serialize(topic, SampleRecords.span());

        assertThat(headerId(bytes)).isEqualTo(newerId);
        GenericRecord asNewer = new GenericDatumReader<GenericRecord>(newer)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(asNewer.get("zone").toString()).isEqualTo("eu-west");
        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(SampleRecords.span());
    }

    @Test
    void anIncompatibleSchemaIsRejectedByTheRegistrysRule() {
        String topic = topic("compat");
        String subject = topic + "-value";
        apicurio.setCompatibility(subject, "BACKWARD");
        SchemaRegistryClient direct = directClient();
        direct.register(subject, SchemaEdits.removeField(Span.SCHEMA$, "service"));

        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class, config(apicurio.ccompatUrl()), false);
        assertThatThrownBy(() -> serde.serializer().serialize(topic, SampleRecords.span()))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("'" + subject + "'")
                .hasMessageContaining(apicurio.ccompatUrl())
                .hasMessageContaining("HTTP 409")
                .hasMessageContaining("service");

        // The same rule lets a compatible evolution through.
        Schema optionalAdded = SchemaEdits.addField(SchemaEdits.removeField(Span.SCHEMA$, "service"), "zone",
                Schema.create(Schema.Type.STRING), "eu");
        assertThat(direct.register(subject, optionalAdded)).isPositive();
    }

    @Test
    void anUnknownSchemaIdNamesTopicIdAndRegistry() {
        byte[] bytes = ByteBuffer.allocate(8).put((byte) 0).putInt(987_654).put(new byte[] {2, 4, 6}).array();
        String topic = topic("unknown-id");
        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class, config(apicurio.ccompatUrl()), false);
        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, bytes))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("topic '" + topic + "'")
                .hasMessageContaining("987654")
                .hasMessageContaining(apicurio.ccompatUrl());
    }

    @Test
    void aRegistryThatIsDownIsNamedWithTheSubject() {
        String down = RecordingHttpServer.closedPortUrl() + "/apis/ccompat/v7";
        String topic = topic("down");
        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class, config(down), false);
        assertThatThrownBy(() -> serde.serializer().serialize(topic, SampleRecords.span()))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("'" + topic + "-value'")
                .hasMessageContaining(down);
    }

    @Test
    void aSecondUrlTakesOverWhenTheFirstIsDown() {
        String urls = RecordingHttpServer.closedPortUrl() + "," + apicurio.ccompatUrl();
        String topic = topic("failover");
        SpecificAvroSerde<Span> serde = SpecificAvroSerde.forClass(Span.class, config(urls), false);
        byte[] bytes = serde.serializer().serialize(topic, SampleRecords.span());
        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(SampleRecords.span());
        assertThat(directClient().latestSchema(topic + "-value").id()).isEqualTo(headerId(bytes));
    }

    @Test
    void basicAuthFromTheSerdeConfigReachesTheRegistry() {
        // Apicurio runs without auth here, so a recording server shows what the serde sends.
        try (RecordingHttpServer server = new RecordingHttpServer(
                r -> RecordingHttpServer.Response.json(200, "{\"id\":42}"))) {
            SpecificAvroSerde.forClass(Span.class, config(server.url(),
                    AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
                    AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "svc:pw"), false)
                    .serializer().serialize("auth", SampleRecords.span());
            SpecificAvroSerde.forClass(Span.class, config(server.url().replace("//", "//url-user:url-pw@")), false)
                    .serializer().serialize("auth", SampleRecords.span());
            SpecificAvroSerde.forClass(Span.class, config(server.url().replace("//", "//ignored:ignored@"),
                    AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
                    AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "svc:pw"), false)
                    .serializer().serialize("auth", SampleRecords.span());

            assertThat(server.requests()).extracting(r -> r.header("Authorization")).containsExactly(
                    "Basic " + base64("svc:pw"), "Basic " + base64("url-user:url-pw"), "Basic " + base64("svc:pw"));
            assertThat(server.requests()).allSatisfy(r -> assertThat(r.rawPath()).isEqualTo("/subjects/auth-value/versions"));
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
