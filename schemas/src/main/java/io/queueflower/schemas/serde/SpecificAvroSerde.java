package io.queueflower.schemas.serde;

import io.queueflower.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} for one generated class, sharing one registry
 * client (and so one cache).
 *
 * @param <T> the generated record class
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SchemaRegistryClient presetClient;
    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    /** Serde for {@code type}; {@link #configure} must follow. */
    public SpecificAvroSerde(Class<T> type) {
        this(Objects.requireNonNull(type, "type"), null);
    }

    /** Serde for {@code type} on {@code client}, usable at once for values; {@link #configure} may still set keys. */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient client) {
        Objects.requireNonNull(type, "type");
        this.presetClient = client;
        this.serializer = new SpecificAvroSerializer<>(type, client);
        this.deserializer = new SpecificAvroDeserializer<>(type, client);
    }

    /**
     * A configured serde, the one-liner for topic catalogues.
     *
     * @param configs at least {@code schema.registry.url}; other keys of {@link AvroSerdeConfig} optional, unknown
     *                keys ignored
     * @param isKey whether it serializes record keys (subject {@code <topic>-key}) or values
     */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forClass(Class<T> type, Map<String, ?> configs,
                                                                           boolean isKey) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(configs, isKey);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        SchemaRegistryClient client = presetClient != null ? presetClient : config.createClient();
        serializer.configure(config, isKey, client);
        deserializer.configure(config, isKey, client);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
