package io.queueflower.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * An in-process registry with the Confluent registry's semantics, reached through {@code mock://<scope>} URLs.
 *
 * <p>Scopes live in a static map so that a serializer in a producer and a deserializer in a consumer configured with
 * the same {@code mock://} URL, in the same JVM, see the same ids; that is what embedded runs and unit tests need.
 * Semantics kept from the real registry: ids are global to the scope and the same schema text gets the same id in every
 * subject; versions count from 1 per subject; registering the schema a subject already has returns its id without a new
 * version; a compatibility level (default BACKWARD, as Confluent's) is checked on register and a violation fails like
 * the real registry's HTTP 409, with Confluent's error codes.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

    /** The prefix of URLs that select an in-process registry. */
    public static final String URL_PREFIX = "mock://";

    private static final ConcurrentHashMap<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String url;
    // Guarded by "this": registration must see and change ids and versions together, as the real registry does.
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> versionsBySubject = new HashMap<>();
    private final Map<String, Compatibility> compatibilityBySubject = new HashMap<>();
    private Compatibility defaultCompatibility = Compatibility.BACKWARD;
    private int nextId = 1;

    private MockSchemaRegistry(String scope) {
        this.url = URL_PREFIX + scope;
    }

    /** The registry of {@code scope}, created empty on first use. */
    public static MockSchemaRegistry scope(String scope) {
        Objects.requireNonNull(scope, "scope");
        if (scope.isBlank()) {
            throw new IllegalArgumentException("mock:// registry scope must not be blank");
        }
        return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
    }

    /** The registry a {@code mock://<scope>} URL names. */
    public static MockSchemaRegistry forUrl(String url) {
        if (!url.startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException("not a mock registry URL (expected " + URL_PREFIX + "<scope>): " + url);
        }
        return scope(url.substring(URL_PREFIX.length()));
    }

    /** Forgets the scope, so the next use of its URL starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public String url() {
        return url;
    }

    /** Compatibility for subjects without their own level (default BACKWARD). */
    public synchronized void setDefaultCompatibility(Compatibility compatibility) {
        defaultCompatibility = Objects.requireNonNull(compatibility, "compatibility");
    }

    /** Compatibility level of one subject, like PUT /config/{subject}. */
    public synchronized void setCompatibility(String subject, Compatibility compatibility) {
        compatibilityBySubject.put(subject, Objects.requireNonNull(compatibility, "compatibility"));
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        String text = schema.toString();
        for (RegisteredSchema version : versions) {
            if (version.schema().toString().equals(text)) {
                return version.id();
            }
        }
        Compatibility level = compatibilityBySubject.getOrDefault(subject, defaultCompatibility);
        List<String> problems = level.violations(schema, versions.stream().map(RegisteredSchema::schema).toList());
        if (!problems.isEmpty()) {
            if (versions.isEmpty()) {
                versionsBySubject.remove(subject);
            }
            throw new IncompatibleSchemaException("Schema registry " + url + " rejected the schema for subject '"
                    + subject + "' as incompatible with its " + level + " compatibility rule (error_code 409): "
                    + String.join("; ", problems), url, subject, 409, 409, null);
        }
        int id = idsBySchemaText.computeIfAbsent(text, t -> nextId++);
        schemasById.putIfAbsent(id, schema);
        versions.add(new RegisteredSchema(id, versions.size() + 1, schema));
        return id;
    }

    @Override
    public synchronized int getId(String subject, Schema schema) {
        List<RegisteredSchema> versions = requireSubject(subject, "look up the id of a schema");
        String text = schema.toString();
        for (RegisteredSchema version : versions) {
            if (version.schema().toString().equals(text)) {
                return version.id();
            }
        }
        throw new SchemaNotFoundException("Schema registry " + url + " has no such schema under subject '" + subject
                + "' (error_code 40403): " + schema.getFullName() + " is not registered there", url, subject, 404,
                40403, null);
    }

    @Override
    public synchronized Schema getSchemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("Schema registry " + url + " has no schema with id " + id
                    + " (error_code 40403)", url, null, 404, 40403, null);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latestSchema(String subject) {
        List<RegisteredSchema> versions = requireSubject(subject, "fetch the latest schema");
        return versions.get(versions.size() - 1);
    }

    /** Every version of {@code subject}, oldest first; empty when the subject does not exist. */
    public synchronized List<RegisteredSchema> versions(String subject) {
        return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
    }

    /** Subjects with at least one version. */
    public synchronized List<String> subjects() {
        return versionsBySubject.keySet().stream().sorted().toList();
    }

    private List<RegisteredSchema> requireSubject(String subject, String action) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaNotFoundException("Schema registry " + url + " could not " + action + " of subject '"
                    + subject + "': subject not found (error_code 40401)", url, subject, 404, 40401, null);
        }
        return versions;
    }

    @Override
    public String toString() {
        return "MockSchemaRegistry[" + url + "]";
    }
}
