package io.queueflower.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;

/** Builds evolved variants of a record schema (added, removed, renamed or retyped fields) for evolution tests. */
public final class SchemaEdits {
    private SchemaEdits() {
    }

    /** {@code record} with one more field at the end; {@code defaultValue} null means "no default". */
    public static Schema addField(Schema record, String name, Schema type, Object defaultValue) {
        List<Schema.Field> fields = copyFields(record, UnaryOperator.identity());
        fields.add(new Schema.Field(name, type, "added by a test", defaultValue));
        return withFields(record, fields);
    }

    /** {@code record} without field {@code name}. */
    public static Schema removeField(Schema record, String name) {
        requireField(record, name);
        List<Schema.Field> fields = copyFields(record, UnaryOperator.identity());
        fields.removeIf(f -> f.name().equals(name));
        return withFields(record, fields);
    }

    /** {@code record} with field {@code from} renamed to {@code to}, optionally keeping {@code from} as an alias. */
    public static Schema renameField(Schema record, String from, String to, boolean keepAlias) {
        requireField(record, from);
        List<Schema.Field> fields = copyFields(record, f -> {
            if (!f.name().equals(from)) {
                return f;
            }
            Schema.Field renamed = new Schema.Field(to, f.schema(), f.doc(), f.defaultVal(), f.order());
            if (keepAlias) {
                renamed.addAlias(from);
            }
            return renamed;
        });
        return withFields(record, fields);
    }

    /** {@code record} with field {@code name} given type {@code type} and no default. */
    public static Schema retypeField(Schema record, String name, Schema type) {
        requireField(record, name);
        return withFields(record, copyFields(record, f -> f.name().equals(name)
                ? new Schema.Field(f.name(), type, f.doc(), null, f.order()) : f));
    }

    private static List<Schema.Field> copyFields(Schema record, UnaryOperator<Schema.Field> edit) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            Schema.Field edited = edit.apply(f);
            // A Field belongs to one record; a new record needs fresh copies.
            fields.add(edited == f ? new Schema.Field(f, f.schema()) : edited);
        }
        return fields;
    }

    private static Schema withFields(Schema record, List<Schema.Field> fields) {
        Schema copy = Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), record.isError());
        copy.setFields(fields);
        return copy;
    }

    private static void requireField(Schema record, String name) {
        if (record.getField(name) == null) {
            throw new IllegalArgumentException(record.getFullName() + " has no field '" + name + "'");
        }
    }
}
