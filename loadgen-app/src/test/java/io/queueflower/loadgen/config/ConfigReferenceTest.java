package io.queueflower.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.platform.config.ConfigReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** loadgen-app/README.md lists every key of `loadgen http` exactly as the code defines it, and nothing else. */
class ConfigReferenceTest {
    @Test
    void theReadmeTableIsTheGeneratedOne() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(ConfigReference.sectionRows(readme, "### `loadgen http` (`load.*`)"))
                .as("regenerate with ConfigReference.table")
                .containsExactlyElementsOf(ConfigReference.rows(HttpLoadConfig.DEFINITION));
    }
}
