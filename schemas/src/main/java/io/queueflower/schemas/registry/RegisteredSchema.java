package io.queueflower.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject as the registry knows it.
 *
 * @param id global schema id, the one written after the magic byte
 * @param version version number within the subject, starting at 1
 * @param schema the Avro schema
 */
public record RegisteredSchema(int id, int version, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(schema, "schema");
    }
}
