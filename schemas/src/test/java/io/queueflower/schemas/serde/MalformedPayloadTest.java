package io.queueflower.schemas.serde;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.avro.Span;
import io.queueflower.schemas.registry.MockSchemaRegistry;
import io.queueflower.schemas.registry.SchemaNotFoundException;
import io.queueflower.testsupport.SampleRecords;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bytes that are not a record in our format fail with a message naming the topic and what is wrong. */
class MalformedPayloadTest {

    private final String scope = "malformed-test-" + UUID.randomUUID();
    private final MockSchemaRegistry registry = MockSchemaRegistry.scope(scope);
    private final SpecificAvroDeserializer<Span> deserializer = new SpecificAvroDeserializer<>(Span.class, registry);
    private final byte[] good = new SpecificAvroSerializer<>(Span.class, registry)
            .serialize("spans", SampleRecords.span());

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void tooShort() {
        assertThatThrownBy(() -> deserializer.deserialize("spans", new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'spans'").hasMessageContaining("0 byte(s)").hasMessageContaining("5-byte");
        assertThatThrownBy(() -> deserializer.deserialize("spans", new byte[] {0, 0, 1}))
                .hasMessageContaining("topic 'spans'").hasMessageContaining("3 byte(s)");
    }

    @Test
    void wrongMagicByte() {
        byte[] json = "{\"traceId\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> deserializer.deserialize("spans", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'spans'").hasMessageContaining("magic byte 0x7b");
    }

    @Test
    void unknownSchemaId() {
        byte[] unknown = good.clone();
        unknown[1] = 0x7f;
        assertThatThrownBy(() -> deserializer.deserialize("spans", unknown))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("topic 'spans'")
                .hasMessageContaining("id " + 0x7f000001)
                .hasMessageContaining("mock://" + scope);
    }

    @Test
    void truncatedBody() {
        byte[] truncated = Arrays.copyOf(good, good.length - 4);
        assertThatThrownBy(() -> deserializer.deserialize("spans", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'spans'").hasMessageContaining("not valid Avro")
                .hasMessageContaining("io.queueflower.avro.Span");
    }

    @Test
    void trailingBytes() {
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertThatThrownBy(() -> deserializer.deserialize("spans", longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'spans'").hasMessageContaining("left over");
    }

    @Test
    void writerSchemaThatCannotBeReadAsTheClass() {
        byte[] replicas = new SpecificAvroSerializer<>(null, registry)
                .serialize("replicas", SampleRecords.replicaStatus());
        assertThatThrownBy(() -> deserializer.deserialize("replicas", replicas))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'replicas'")
                .hasMessageContaining("ReplicaStatus")
                .hasMessageContaining("cannot be read as io.queueflower.avro.Span");
        // The verdict is cached per id; asking again gives the same clear answer, not a decoding accident.
        assertThatThrownBy(() -> deserializer.deserialize("replicas", replicas))
                .hasMessageContaining("cannot be read as io.queueflower.avro.Span");
    }
}
