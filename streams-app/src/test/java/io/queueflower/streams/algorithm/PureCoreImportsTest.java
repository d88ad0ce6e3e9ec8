package io.queueflower.streams.algorithm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure core must not depend on Kafka, Kubernetes or any other infrastructure. */
class PureCoreImportsTest {
    private static final Path SOURCES = Path.of("src/main/java/io/queueflower/streams");
    private static final List<String> PURE_PACKAGES = List.of("trace", "estimate", "algorithm", "sla", "time");
    private static final List<String> ALLOWED_IMPORTS = List.of("java.", "io.queueflower.avro.",
            "io.queueflower.streams.trace.", "io.queueflower.streams.estimate.", "io.queueflower.streams.algorithm.",
            "io.queueflower.streams.sla.", "io.queueflower.streams.time.", "org.HdrHistogram.", "com.fasterxml.jackson.");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    private static List<Path> sources() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String pkg : PURE_PACKAGES) {
            Path dir = SOURCES.resolve(pkg);
            assertThat(dir).as("pure-core package directory (run from the module directory)").isDirectory();
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void noKafkaOrFabric8AnywhereInThePureCore() throws IOException {
        List<Path> files = sources();
        assertThat(files).hasSizeGreaterThan(20);
        List<String> offenders = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file);
            if (text.contains("org.apache.kafka") || text.contains("io.fabric8")) {
                offenders.add(file.toString());
            }
        }
        assertThat(offenders).as("files naming org.apache.kafka or io.fabric8").isEmpty();
    }

    @Test
    void importsStayWithinTheAllowedLibraries() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources()) {
            Matcher matcher = IMPORT.matcher(Files.readString(file));
            while (matcher.find()) {
                String imported = matcher.group(1);
                if (ALLOWED_IMPORTS.stream().noneMatch(imported::startsWith)) {
                    offenders.add(file.getFileName() + " imports " + imported);
                }
            }
        }
        assertThat(offenders).isEmpty();
    }
}
