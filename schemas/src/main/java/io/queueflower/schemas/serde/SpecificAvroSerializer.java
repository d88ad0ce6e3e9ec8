package io.queueflower.schemas.serde;

import io.queueflower.schemas.registry.Compatibility;
import io.queueflower.schemas.registry.RegisteredSchema;
import io.queueflower.schemas.registry.SchemaNotFoundException;
import io.queueflower.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/**
 * Writes generated Avro records in the Confluent wire format, registering (or looking up) the schema under the
 * topic's subject ({@link TopicNameStrategy}).
 *
 * <p>Speed: the registry is asked once per subject and schema; after that a record costs one map look-up, one Avro
 * encoding into a per-thread reused buffer and encoder, and one array copy. Thread-safe.
 *
 * @param <T> the generated record class
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private static final int INITIAL_BUFFER = 512;
    // A thread that once wrote a huge record should not keep a huge buffer forever.
    private static final int MAX_RETAINED_BUFFER = 1 << 20;
    private static final ThreadLocal<ByteBufferOutputStream> BUFFERS =
            ThreadLocal.withInitial(() -> new ByteBufferOutputStream(INITIAL_BUFFER));
    private static final ThreadLocal<BinaryEncoder> ENCODERS = new ThreadLocal<>();

    /**
     * How one subject's records are written: under schema id {@code id}, either straight with the record's own schema
     * or, when {@code use.latest.version} picked a different schema, converted to it with Avro's schema resolution.
     */
    private record WriterBinding(Schema recordSchema, int id, String subject, DatumWriter<Object> writer,
                                 GenericDatumReader<GenericRecord> toRegistered,
                                 GenericDatumWriter<GenericRecord> registeredWriter) {
        boolean converts() {
            return toRegistered != null;
        }
    }

    private final Class<T> type;
    private final ConcurrentHashMap<String, WriterBinding> bindings = new ConcurrentHashMap<>();
    private final SchemaRegistryClient presetClient;
    private volatile SchemaRegistryClient client;
    private volatile boolean isKey;
    private volatile boolean autoRegister = true;
    private volatile boolean useLatest;

    /** For Kafka's by-class-name instantiation; {@link #configure} must follow. */
    public SpecificAvroSerializer() {
        this(null, null);
    }

    /** Serializer for {@code type}; {@link #configure} must follow to pick the registry. */
    public SpecificAvroSerializer(Class<T> type) {
        this(Objects.requireNonNull(type, "type"), null);
    }

    /** Serializer using {@code client} (e.g. a {@code MockSchemaRegistry}); usable at once as a value serializer. */
    public SpecificAvroSerializer(Class<T> type, SchemaRegistryClient client) {
        this.type = type;
        this.presetClient = client;
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        configure(config, isKey, presetClient != null ? presetClient : config.createClient());
    }

    void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient registry) {
        this.client = registry;
        this.isKey = isKey;
        this.autoRegister = config.autoRegisterSchemas();
        this.useLatest = config.useLatestVersion();
        bindings.clear();
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null; // a tombstone stays a tombstone
        }
        if (type != null && !type.isInstance(record)) {
            throw new SerializationException("Cannot serialize a " + record.getClass().getName() + " for topic '"
                    + topic + "': this serializer is for " + type.getName());
        }
        WriterBinding binding = binding(topic, record.getSchema());
        try {
            return write(binding, record);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize " + record.getSchema().getFullName() + " for topic '"
                    + topic + "' (subject '" + binding.subject() + "', schema id " + binding.id() + "): "
                    + e.getMessage(), e);
        }
    }

    private WriterBinding binding(String topic, Schema recordSchema) {
        SchemaRegistryClient registry = client;
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroSerializer is not configured: call configure() with "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + " or construct it with a SchemaRegistryClient");
        }
        String subject = TopicNameStrategy.subject(topic, isKey);
        WriterBinding known = bindings.get(subject);
        if (useLatest) {
            RegisteredSchema latest = registry.latestSchema(subject); // cached by the client, refreshed per its TTL
            if (known != null && known.recordSchema() == recordSchema && known.id() == latest.id()) {
                return known;
            }
            WriterBinding bound = bindToLatest(registry, subject, recordSchema, latest);
            bindings.put(subject, bound);
            return bound;
        }
        if (known != null && known.recordSchema() == recordSchema) {
            return known;
        }
        int id;
        if (autoRegister) {
            id = registry.register(subject, recordSchema);
        } else {
            try {
                id = registry.getId(subject, recordSchema);
            } catch (SchemaNotFoundException e) {
                throw e.withHint(" (" + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG + "=false, so the serializer"
                        + " does not register it: register it first or set " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG
                        + "=true)");
            }
        }
        WriterBinding bound = new WriterBinding(recordSchema, id, subject, writerFor(recordSchema), null, null);
        bindings.put(subject, bound);
        return bound;
    }

    private WriterBinding bindToLatest(SchemaRegistryClient registry, String subject, Schema recordSchema,
                                       RegisteredSchema latest) {
        if (latest.schema().equals(recordSchema)) {
            return new WriterBinding(recordSchema, latest.id(), subject, writerFor(recordSchema), null, null);
        }
        List<String> problems = Compatibility.readProblems(latest.schema(), recordSchema, "latest version reading "
                + recordSchema.getFullName());
        if (!problems.isEmpty()) {
            throw new SerializationException("Cannot serialize " + recordSchema.getFullName() + " for subject '"
                    + subject + "' with " + AvroSerdeConfig.USE_LATEST_VERSION_CONFIG + "=true: the latest version"
                    + " (id " + latest.id() + ", version " + latest.version() + ") at " + registry.url()
                    + " cannot represent it: " + String.join("; ", problems));
        }
        return new WriterBinding(recordSchema, latest.id(), subject, writerFor(recordSchema),
                new GenericDatumReader<>(recordSchema, latest.schema()),
                new GenericDatumWriter<>(latest.schema()));
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(Schema schema) {
        // The generated class's own model carries its logical-type conversions and its fast custom coders, but Avro
        // uses the custom coders (generated field-by-field writes, no per-field reflective look-up or union
        // resolution) only when the model enables them, which by default it does not; in a JFR profile of span
        // serialization the generic path was a third of decode + serialize. A model of our own, with the generated
        // one's conversions, enables them for this writer only and leaves the shared model alone. The bytes are the
        // same: the same schema, written by Avro's own generated code.
        SpecificData generated = SpecificData.getForSchema(schema);
        SpecificData model = new SpecificData(generated.getClassLoader());
        generated.getConversions().forEach(model::addLogicalTypeConversion);
        model.setCustomCoders(true);
        return (DatumWriter<Object>) (DatumWriter<?>) new SpecificDatumWriter<>(schema, model);
    }

    private static byte[] write(WriterBinding binding, SpecificRecord record) throws IOException {
        ByteBufferOutputStream out = BUFFERS.get();
        out.position(0);
        out.write(ConfluentWireFormat.MAGIC_BYTE);
        int id = binding.id();
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODERS.get());
        ENCODERS.set(encoder);
        if (binding.converts()) {
            writeConverted(binding, record, encoder);
        } else {
            binding.writer().write(record, encoder);
        }
        encoder.flush();
        byte[] bytes = Arrays.copyOf(out.buffer().array(), out.position());
        if (out.buffer().capacity() > MAX_RETAINED_BUFFER) {
            BUFFERS.remove();
        }
        return bytes;
    }

    /**
     * The registry's latest version differs from the record's schema: let Avro resolve the record's encoding into
     * the latest schema (defaults filled, dropped fields skipped, matched by name and alias) and write that.
     */
    private static void writeConverted(WriterBinding binding, SpecificRecord record, BinaryEncoder encoder)
            throws IOException {
        ByteArrayOutputStream own = new ByteArrayOutputStream(INITIAL_BUFFER);
        BinaryEncoder ownEncoder = EncoderFactory.get().directBinaryEncoder(own, null);
        binding.writer().write(record, ownEncoder);
        ownEncoder.flush();
        GenericRecord converted = binding.toRegistered()
                .read(null, DecoderFactory.get().binaryDecoder(own.toByteArray(), null));
        binding.registeredWriter().write(converted, encoder);
    }

    /** Package-private for tests: the client in use. */
    SchemaRegistryClient client() {
        return client;
    }

    @Override
    public void close() {
        bindings.clear();
    }
}
