package io.queueflower.streams.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The decoders are the pure core of ingestion: they must not depend on Kafka, so they serve files and topics alike. */
class DecodePackagePurityTest {
    private static final Path SOURCES = Path.of(System.getProperty("basedir", "."))
            .resolve("src/main/java/io/queueflower/streams/decode");

    @Test
    void noSourceInTheDecodePackageMentionsKafka() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(SOURCES)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("decode sources under " + SOURCES).hasSizeGreaterThan(10);

        for (Path source : sources) {
            assertThat(Files.readString(source)).as(source.getFileName().toString()).doesNotContain("org.apache.kafka");
        }
    }
}
