package io.queueflower.scaler.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The safety core stays free of Kafka, Kubernetes clients and generated Avro classes, so a simulator can use it. */
class PureCoreImportTest {
    static final List<String> FORBIDDEN = List.of("import org.apache.kafka", "import io.fabric8",
            "import io.queueflower.avro", "import io.queueflower.schemas", "import io.micrometer");

    @Test
    void coreAndPolicyImportNoAdapters() throws IOException {
        Path main = Path.of("src", "main", "java", "io", "queueflower", "scaler");
        for (String pkg : List.of("core", "policy")) {
            try (Stream<Path> files = Files.list(main.resolve(pkg))) {
                List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
                assertThat(sources).isNotEmpty();
                for (Path source : sources) {
                    String text = Files.readString(source);
                    for (String forbidden : FORBIDDEN) {
                        assertThat(text).as("%s must not contain '%s'", source, forbidden).doesNotContain(forbidden);
                    }
                }
            }
        }
    }
}
