package io.queueflower.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The Confluent compatibility levels, checked with Avro's own reader/writer resolution rules
 * ({@link SchemaCompatibility}).
 *
 * <p>BACKWARD: consumers on the new schema can read data written with the old one (upgrade consumers first).
 * FORWARD: consumers still on the old schema can read data written with the new one (upgrade producers first).
 * FULL: both. The plain levels compare with the newest existing version only; the TRANSITIVE ones with every version.
 */
public enum Compatibility {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    Compatibility(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /**
     * Why {@code candidate} may not follow {@code existing} under this level.
     *
     * @param candidate the schema about to be registered or released
     * @param existing the versions already there, oldest first
     * @return one line per problem; empty when compatible
     */
    public List<String> violations(Schema candidate, List<Schema> existing) {
        if (this == NONE || existing.isEmpty()) {
            return List.of();
        }
        List<Schema> against = transitive ? existing : List.of(existing.get(existing.size() - 1));
        List<String> problems = new ArrayList<>();
        for (Schema old : against) {
            if (backward) {
                problems.addAll(readProblems(candidate, old, "new schema reading old data"));
            }
            if (forward) {
                problems.addAll(readProblems(old, candidate, "old schema reading new data"));
            }
        }
        return problems;
    }

    /**
     * Why data written with {@code writer} cannot be read with {@code reader}, one line per Avro incompatibility,
     * each prefixed with {@code direction}; empty when it can.
     */
    public static List<String> readProblems(Schema reader, Schema writer, String direction) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(direction + ": " + incompatibility.getType() + " at "
                    + readablePath(reader, incompatibility.getLocation()) + ": " + incompatibility.getMessage());
        }
        return problems;
    }

    /**
     * Avro locates a problem with a JSON pointer into the reader schema ({@code /fields/7/type}); people want the field
     * ({@code Span.durationMicros}). Falls back to the pointer for anything it cannot follow.
     */
    static String readablePath(Schema reader, String location) {
        try {
            String[] steps = location.split("/");
            StringBuilder path = new StringBuilder(reader.getName());
            Schema at = reader;
            for (int i = 1; i < steps.length; i++) {
                String step = steps[i];
                if (step.equals("fields") && i + 1 < steps.length && at.getType() == Schema.Type.RECORD) {
                    Schema.Field field = at.getFields().get(Integer.parseInt(steps[++i]));
                    path.append('.').append(field.name());
                    at = field.schema();
                } else if (step.equals("items") && at.getType() == Schema.Type.ARRAY) {
                    path.append("[]");
                    at = at.getElementType();
                } else if (step.equals("values") && at.getType() == Schema.Type.MAP) {
                    path.append("{}");
                    at = at.getValueType();
                } else if (at.getType() == Schema.Type.UNION && step.chars().allMatch(Character::isDigit)) {
                    at = at.getTypes().get(Integer.parseInt(step));
                    path.append('<').append(at.getName()).append('>');
                } else if (!step.equals("type")) {
                    path.append(' ').append(step);
                }
            }
            return path + " (" + location + ")";
        } catch (RuntimeException unexpectedShape) {
            return location;
        }
    }
}
