package io.queueflower.system.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.platform.config.ConfigReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** system/README.md lists every key of `demo` exactly as the code defines it, and nothing else. */
class DemoConfigReferenceTest {
    @Test
    void theReadmeTableIsTheGeneratedOne() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(ConfigReference.sectionRows(readme, "### `demo` (`demo.*`)"))
                .as("regenerate with ConfigReference.table")
                .containsExactlyElementsOf(ConfigReference.rows(DemoConfig.DEFINITION));
    }
}
