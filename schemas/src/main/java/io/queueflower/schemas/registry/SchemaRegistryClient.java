package io.queueflower.schemas.registry;

import org.apache.avro.Schema;

/**
 * The four questions an Avro serde asks a Confluent-API schema registry.
 *
 * <p>Every failure is a {@link SchemaRegistryException} whose message names the registry URL and, where there is one,
 * the subject, so a producer log line alone tells which registry refused what.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (or finds it already there) and returns its global id. */
    int register(String subject, Schema schema);

    /** Returns the id {@code schema} already has under {@code subject}, without registering it. */
    int getId(String subject, Schema schema);

    /** Returns the schema with global id {@code id}. */
    Schema getSchemaById(int id);

    /** Returns the newest version registered under {@code subject}: what {@code use.latest.version} writes with. */
    RegisteredSchema latestSchema(String subject);

    /** Where this client sends its requests, without credentials; used in error messages. */
    String url();
}
