package io.queueflower.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScaleEvent;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.avro.Span;
import io.queueflower.avro.TraceSummary;
import io.queueflower.schemas.registry.Compatibility;
import io.queueflower.testsupport.SchemaEdits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

/**
 * Every current contract must stay FULLY compatible with every released one (schemas/README.md): consumers on the
 * current schema read data from released producers (BACKWARD), and consumers still on a released schema read data from
 * current producers (FORWARD). Checked twice: by Avro's {@code SchemaCompatibility} rules, and by actually writing
 * random data with one schema and resolving it with the other.
 */
class SchemaEvolutionTest {

    /** Surefire runs in the module directory. */
    private static final Path CURRENT = Path.of("src", "main", "avro");
    private static final Path RELEASED = Path.of("src", "test", "resources", "released");
    private static final Compatibility ENFORCED = Compatibility.FULL;
    private static final int RANDOM_RECORDS = 50;

    @Test
    void everyCurrentSchemaIsFullyCompatibleWithEveryRelease() {
        Map<String, Schema> current = load(CURRENT);
        Map<String, Map<String, Schema>> releases = releases();
        assertThat(releases).as("released contracts under " + RELEASED.toAbsolutePath()).isNotEmpty();

        List<String> problems = new ArrayList<>();
        releases.forEach((release, released) -> problems.addAll(evolutionProblems(release, released, current)));

        assertThat(problems).as("schema evolution problems (see schemas/README.md for the rules)").isEmpty();
    }

    @Test
    void theFilesCheckedAreTheContractsTheCodeIsGeneratedFrom() {
        Map<String, Schema> current = load(CURRENT);
        assertThat(current).containsOnlyKeys(Span.SCHEMA$.getFullName(), TraceSummary.SCHEMA$.getFullName(),
                ServiceWindowStats.SCHEMA$.getFullName(), ScalingDecision.SCHEMA$.getFullName(),
                ReplicaStatus.SCHEMA$.getFullName(), ScaleEvent.SCHEMA$.getFullName());
        // Generated SCHEMA$ carries avro.java.string properties the files do not, so compare what the wire sees.
        for (Schema generated : List.of(Span.SCHEMA$, TraceSummary.SCHEMA$, ServiceWindowStats.SCHEMA$,
                ScalingDecision.SCHEMA$, ReplicaStatus.SCHEMA$, ScaleEvent.SCHEMA$)) {
            assertThat(SchemaNormalization.parsingFingerprint64(current.get(generated.getFullName())))
                    .as(generated.getFullName()).isEqualTo(SchemaNormalization.parsingFingerprint64(generated));
        }
        assertThat(releases().get("v1")).as("v1 releases all six contracts").hasSize(6);
    }

    // --- The check must be able to fail: deliberate breaking changes are reported, safe ones are not. ---

    @Test
    void aNewFieldWithoutDefaultIsDetected() {
        assertThat(problemsAfter(SchemaEdits.addField(Span.SCHEMA$, "region", Schema.create(Schema.Type.STRING),
                null))).anySatisfy(p -> assertThat(p).contains("Span").contains("region")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
    }

    @Test
    void aRemovedFieldWithoutDefaultIsDetected() {
        assertThat(problemsAfter(SchemaEdits.removeField(Span.SCHEMA$, "service")))
                .anySatisfy(p -> assertThat(p).contains("old schema reading new data").contains("service"));
    }

    @Test
    void aRenameIsDetectedEvenWithAnAlias() {
        // The alias lets new readers find old data, but readers still on the released schema find no 'operation'.
        assertThat(problemsAfter(SchemaEdits.renameField(Span.SCHEMA$, "operation", "operationName", true)))
                .anySatisfy(p -> assertThat(p).contains("old schema reading new data").contains("operation"));
    }

    @Test
    void aChangedTypeIsDetectedByRulesAndByData() {
        List<String> problems = problemsAfter(SchemaEdits.retypeField(Span.SCHEMA$, "durationMicros",
                Schema.create(Schema.Type.STRING)));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("TYPE_MISMATCH").contains("durationMicros"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("random data"));
    }

    @Test
    void aDeletedContractIsDetected() {
        Map<String, Schema> current = new HashMap<>(load(CURRENT));
        current.remove(ScaleEvent.SCHEMA$.getFullName());
        assertThat(evolutionProblems("v1", releases().get("v1"), current))
                .anySatisfy(p -> assertThat(p).contains("ScaleEvent").contains("no longer exists"));
    }

    @Test
    void safeChangesPass() {
        Schema optionalAdded = SchemaEdits.addField(Span.SCHEMA$, "region",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                org.apache.avro.JsonProperties.NULL_VALUE);
        assertThat(problemsAfter(optionalAdded)).isEmpty();
        assertThat(problemsAfter(SchemaEdits.removeField(Span.SCHEMA$, "host"))).as("host has a default").isEmpty();
    }

    private List<String> problemsAfter(Schema editedSpan) {
        Map<String, Schema> current = new HashMap<>(load(CURRENT));
        current.put(editedSpan.getFullName(), editedSpan);
        return evolutionProblems("v1", releases().get("v1"), current);
    }

    /** Every way {@code current} breaks {@code released}, one line each; empty when it evolves safely. */
    static List<String> evolutionProblems(String release, Map<String, Schema> released, Map<String, Schema> current) {
        List<String> problems = new ArrayList<>();
        released.forEach((name, old) -> {
            Schema now = current.get(name);
            if (now == null) {
                problems.add(release + " " + name + ": released, but no longer exists in " + CURRENT);
                return;
            }
            ENFORCED.violations(now, List.of(old)).forEach(p -> problems.add(release + " " + name + ": " + p));
            dataProblem(old, now, "current reading " + release).ifPresent(p -> problems.add(release + " " + name + p));
            dataProblem(now, old, release + " reading current").ifPresent(p -> problems.add(release + " " + name + p));
        });
        return problems;
    }

    /** Writes random data with {@code writer} and resolves it into {@code reader}; the first failure, if any. */
    private static java.util.Optional<String> dataProblem(Schema writer, Schema reader, String direction) {
        GenericDatumWriter<Object> out = new GenericDatumWriter<>(writer);
        GenericDatumReader<Object> in = new GenericDatumReader<>(writer, reader);
        for (Object datum : new RandomData(GenericData.get(), writer, RANDOM_RECORDS, 20241127L)) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
                out.write(datum, encoder);
                encoder.flush();
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
                in.read(null, decoder);
                if (!decoder.isEnd()) {
                    return java.util.Optional.of(": random data (" + direction + "): bytes left over after a record");
                }
            } catch (IOException | RuntimeException e) {
                return java.util.Optional.of(": random data (" + direction + ") failed: " + e);
            }
        }
        return java.util.Optional.empty();
    }

    /** Released contracts by release directory name (v1, v2, ...). */
    private static Map<String, Map<String, Schema>> releases() {
        try (Stream<Path> dirs = Files.list(RELEASED)) {
            Map<String, Map<String, Schema>> releases = new TreeMap<>();
            dirs.filter(Files::isDirectory).forEach(d -> releases.put(d.getFileName().toString(), load(d)));
            return releases;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list released contracts in " + RELEASED.toAbsolutePath(), e);
        }
    }

    /** Top-level schemas of every .avsc in {@code dir}, by full name; each file stands alone. */
    private static Map<String, Schema> load(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            Map<String, Schema> schemas = new TreeMap<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                Schema schema = new Schema.Parser().parse(file.toFile());
                schemas.put(schema.getFullName(), schema);
            }
            return schemas;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schemas in " + dir.toAbsolutePath(), e);
        }
    }
}
