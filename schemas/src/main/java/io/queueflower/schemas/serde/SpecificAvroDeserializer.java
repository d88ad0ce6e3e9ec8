package io.queueflower.schemas.serde;

import io.queueflower.schemas.registry.Compatibility;
import io.queueflower.schemas.registry.SchemaRegistryClient;
import io.queueflower.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro into a generated record class: the writer schema comes from the registry by the id
 * in the header, the reader schema from the class, and Avro's schema resolution bridges the two, so data from older or
 * newer producers is read as long as the schemas are compatible.
 *
 * <p>The registry is asked once per schema id. Thread-safe.
 *
 * @param <T> the generated record class
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    /** How records written with one schema id are read, or why they cannot be. */
    private record ReaderBinding<T>(int id, Schema writer, SpecificDatumReader<T> reader, String unreadable) {
    }

    private final ConcurrentHashMap<Integer, ReaderBinding<T>> readers = new ConcurrentHashMap<>();
    private volatile Class<T> type;
    private final SchemaRegistryClient presetClient;
    private volatile SchemaRegistryClient client;
    private volatile boolean isKey;

    /**
     * For Kafka's by-class-name instantiation; {@link #configure} must follow. Records are read into the class named
     * by {@code specific.avro.key.type} / {@code specific.avro.value.type}, else the class named like the writer schema.
     */
    public SpecificAvroDeserializer() {
        this(null, null);
    }

    /** Deserializer into {@code type}; {@link #configure} must follow to pick the registry. */
    public SpecificAvroDeserializer(Class<T> type) {
        this(Objects.requireNonNull(type, "type"), null);
    }

    /** Deserializer using {@code client}; usable at once. */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client) {
        this.type = type;
        this.presetClient = client;
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        configure(config, isKey, presetClient != null ? presetClient : config.createClient());
    }

    @SuppressWarnings("unchecked")
    void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient registry) {
        this.client = registry;
        this.isKey = isKey;
        Class<?> configured = config.specificType(isKey);
        if (type == null && configured != null) {
            if (!SpecificRecord.class.isAssignableFrom(configured)) {
                throw new org.apache.kafka.common.config.ConfigException(isKey
                        ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE_CONFIG : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG,
                        configured.getName(), "is not a generated Avro SpecificRecord class");
            }
            type = (Class<T>) configured;
        }
        readers.clear();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null; // tombstone
        }
        return read(topic, data, 0, data.length);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            // The consumer hands out a view of its fetch buffer; decoding in place saves a copy per record.
            return read(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return read(topic, copy, 0, copy.length);
    }

    private T read(String topic, byte[] data, int offset, int length) {
        int id = ConfluentWireFormat.schemaId(topic, data, offset, length);
        ReaderBinding<T> binding = readerFor(topic, id);
        if (binding.unreadable() != null) {
            throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': "
                    + binding.unreadable());
        }
        int bodyLength = length - ConfluentWireFormat.HEADER_LENGTH;
        try {
            BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(data, offset + ConfluentWireFormat.HEADER_LENGTH, bodyLength, null);
            T value = binding.reader().read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': "
                        + bodyLength + " bytes after the header hold more than one " + binding.writer().getFullName()
                        + " (schema id " + id + "); bytes are left over after the record");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException serializationException) {
                throw serializationException;
            }
            throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': the "
                    + bodyLength + " bytes after the header are not valid Avro for schema id " + id + " ("
                    + binding.writer().getFullName() + "): " + e, e);
        }
    }

    private ReaderBinding<T> readerFor(String topic, int id) {
        ReaderBinding<T> known = readers.get(id);
        if (known != null) {
            return known;
        }
        SchemaRegistryClient registry = client;
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroDeserializer is not configured: call configure() with "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + " or construct it with a SchemaRegistryClient");
        }
        Schema writer;
        try {
            writer = registry.getSchemaById(id);
        } catch (SchemaRegistryException e) {
            throw e.withHint(" (while deserializing a record from topic '" + topic + "', "
                    + TopicNameStrategy.subject(topic, isKey) + ")");
        }
        ReaderBinding<T> bound = bind(id, writer);
        ReaderBinding<T> raced = readers.putIfAbsent(id, bound);
        return raced != null ? raced : bound;
    }

    @SuppressWarnings("unchecked")
    private ReaderBinding<T> bind(int id, Schema writer) {
        Class<T> target = type;
        if (target == null) {
            target = (Class<T>) SpecificData.get().getClass(writer);
            if (target == null || !SpecificRecord.class.isAssignableFrom(target)) {
                return new ReaderBinding<>(id, writer, null, "no generated class named " + writer.getFullName()
                        + " (writer schema id " + id + ") is on the classpath; set "
                        + (isKey ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE_CONFIG
                                : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG)
                        + " or construct the deserializer with the class to read into");
            }
        }
        SpecificData model = SpecificData.getForClass(target);
        Schema readerSchema = model.getSchema(target);
        List<String> problems = Compatibility.readProblems(readerSchema, writer,
                readerSchema.getFullName() + " reading writer schema id " + id);
        if (!problems.isEmpty()) {
            return new ReaderBinding<>(id, writer, null, "the writer schema (id " + id + ", "
                    + writer.getFullName() + ") cannot be read as " + target.getName() + ": "
                    + String.join("; ", problems));
        }
        return new ReaderBinding<>(id, writer, new SpecificDatumReader<>(writer, readerSchema, model), null);
    }

    @Override
    public void close() {
        readers.clear();
    }
}
