package io.queueflower.schemas.serde;

import io.queueflower.schemas.registry.BasicAuthSource;
import io.queueflower.schemas.registry.SchemaRegistryClient;
import io.queueflower.schemas.registry.SchemaRegistryClients;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The serde's settings, under the same keys as Confluent's Avro serde so existing client configs carry over.
 *
 * <p>Built on Kafka's {@link ConfigDef}, which checks types and allowed values and names the key in its errors. Keys
 * the serde does not know (the rest of a producer or Streams config) are ignored.
 */
public final class AvroSerdeConfig extends AbstractConfig {

    /** Comma-separated registry base URLs, or {@code mock://<scope>} for the in-process registry. */
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    /** Whether the serializer registers its record's schema under the subject (default true). */
    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    /** Whether the serializer writes with the subject's latest registered version instead (default false). */
    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
    /** How long the latest version of a subject is reused, seconds; -1 forever (default). */
    public static final String LATEST_CACHE_TTL_SEC_CONFIG = "latest.cache.ttl.sec";
    /** Where basic-auth credentials come from: URL (default) or USER_INFO. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    /** {@code user:password} for {@code basic.auth.credentials.source=USER_INFO}. */
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    /** Generated class a key deserializer built without a class reads into (default: the writer schema's name). */
    public static final String SPECIFIC_AVRO_KEY_TYPE_CONFIG = "specific.avro.key.type";
    /** Generated class a value deserializer built without a class reads into (default: the writer schema's name). */
    public static final String SPECIFIC_AVRO_VALUE_TYPE_CONFIG = "specific.avro.value.type";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, null, Importance.HIGH,
                    "Comma-separated schema registry base URLs (a path prefix such as /apis/ccompat/v7 is kept);"
                            + " the next is tried when one cannot be reached. mock://<scope> selects an in-process"
                            + " registry shared by everything in the JVM using the same scope.")
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the record's schema under the subject; when false it must already be registered.")
            .define(USE_LATEST_VERSION_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Write with the latest version registered under the subject (the record's schema must be"
                            + " readable by it) instead of the record's own schema.")
            .define(LATEST_CACHE_TTL_SEC_CONFIG, Type.LONG, -1L, ConfigDef.Range.atLeast(-1), Importance.LOW,
                    "Seconds a subject's latest version is reused before asking again; -1 forever.")
            .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, BasicAuthSource.URL.name(),
                    ConfigDef.ValidString.in(names()), Importance.MEDIUM,
                    "Where HTTP basic-auth credentials come from: URL (the user:password@ of each URL, if any) or"
                            + " USER_INFO (basic.auth.user.info).")
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                    "user:password for basic.auth.credentials.source=USER_INFO.")
            .define(SPECIFIC_AVRO_KEY_TYPE_CONFIG, Type.CLASS, null, Importance.LOW,
                    "Generated SpecificRecord class keys are read into, for a deserializer built without one.")
            .define(SPECIFIC_AVRO_VALUE_TYPE_CONFIG, Type.CLASS, null, Importance.LOW,
                    "Generated SpecificRecord class values are read into, for a deserializer built without one.");

    private static String[] names() {
        return Arrays.stream(BasicAuthSource.values()).map(Enum::name).toArray(String[]::new);
    }

    /** @throws ConfigException naming the key when a value has the wrong type or is not allowed */
    public AvroSerdeConfig(Map<String, ?> configs) {
        super(DEFINITION, configs, false);
        // ConfigDef checks the value set only; the cross-key rule needs checking here, up front, not at first use.
        if (credentialsSource() == BasicAuthSource.USER_INFO) {
            Password userInfo = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
            if (userInfo == null || userInfo.value().indexOf(':') < 1) {
                throw new ConfigException(BASIC_AUTH_USER_INFO_CONFIG, userInfo == null ? null : "[hidden]",
                        "must be 'user:password' when " + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + "="
                                + BasicAuthSource.USER_INFO);
            }
        }
    }

    /** Every key, its type, default and documentation. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION_CONFIG);
    }

    public BasicAuthSource credentialsSource() {
        return BasicAuthSource.valueOf(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG));
    }

    /** The generated class configured for keys or values, or null. */
    public Class<?> specificType(boolean isKey) {
        return getClass(isKey ? SPECIFIC_AVRO_KEY_TYPE_CONFIG : SPECIFIC_AVRO_VALUE_TYPE_CONFIG);
    }

    /** Registry URLs as given. */
    public List<String> registryUrls() {
        List<String> urls = getList(SCHEMA_REGISTRY_URL_CONFIG);
        return urls == null ? List.of() : urls;
    }

    /**
     * A client for the configured registry.
     *
     * @throws ConfigException naming {@value #SCHEMA_REGISTRY_URL_CONFIG} when it is missing or malformed
     */
    public SchemaRegistryClient createClient() {
        List<String> urls = registryUrls();
        if (urls.isEmpty()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL_CONFIG
                    + "\": the Avro serde needs a schema registry URL (http://host:port[/prefix] or mock://<scope>)");
        }
        Password userInfo = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
        long ttlSeconds = getLong(LATEST_CACHE_TTL_SEC_CONFIG);
        try {
            return SchemaRegistryClients.connect(urls, credentialsSource(), userInfo == null ? null : userInfo.value(),
                    ttlSeconds < 0 ? Duration.ofNanos(-1) : Duration.ofSeconds(ttlSeconds));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid value for configuration " + SCHEMA_REGISTRY_URL_CONFIG + ": "
                    + e.getMessage());
        }
    }
}
