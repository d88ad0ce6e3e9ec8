package io.queueflower.schemas.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;

/**
 * Remembers a registry's answers so each record costs a map look-up, not an HTTP round trip.
 *
 * <p>Ids and schemas never change once assigned, so {@code id -> schema} and {@code (subject, schema) -> id} are kept
 * forever. The latest version of a subject does change, so it is kept for {@code latestTtl} (negative: forever, as
 * Confluent's {@code latest.cache.ttl.sec=-1}; zero: not cached). Failures are not cached: the next call asks again.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record FetchedLatest(RegisteredSchema latest, long fetchedAtNanos) {
    }

    private final SchemaRegistryClient delegate;
    private final Duration latestTtl;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, FetchedLatest> latestBySubject = new ConcurrentHashMap<>();

    public CachingSchemaRegistryClient(SchemaRegistryClient delegate, Duration latestTtl) {
        this(delegate, latestTtl, System::nanoTime);
    }

    CachingSchemaRegistryClient(SchemaRegistryClient delegate, Duration latestTtl, LongSupplier nanoClock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.latestTtl = Objects.requireNonNull(latestTtl, "latestTtl");
        this.nanoClock = nanoClock;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = delegate.register(subject, schema);
        remember(key, id);
        return id;
    }

    @Override
    public int getId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = delegate.getId(subject, schema);
        remember(key, id);
        return id;
    }

    @Override
    public Schema getSchemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema = delegate.getSchemaById(id);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public RegisteredSchema latestSchema(String subject) {
        long now = nanoClock.getAsLong();
        FetchedLatest cached = latestBySubject.get(subject);
        if (cached != null && fresh(cached, now)) {
            return cached.latest();
        }
        RegisteredSchema latest = delegate.latestSchema(subject);
        if (!latestTtl.isZero()) {
            latestBySubject.put(subject, new FetchedLatest(latest, now));
        }
        remember(new SubjectSchema(subject, latest.schema()), latest.id());
        return latest;
    }

    private boolean fresh(FetchedLatest cached, long now) {
        return latestTtl.isNegative() || now - cached.fetchedAtNanos() < latestTtl.toNanos();
    }

    private void remember(SubjectSchema key, int id) {
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, key.schema());
    }

    @Override
    public String url() {
        return delegate.url();
    }

    @Override
    public String toString() {
        return "CachingSchemaRegistryClient[" + delegate + "]";
    }
}
