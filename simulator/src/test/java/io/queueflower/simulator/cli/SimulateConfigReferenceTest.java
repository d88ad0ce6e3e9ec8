package io.queueflower.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.platform.config.ConfigReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** simulator/README.md lists every key of `simulate` exactly as the code defines it, and nothing else. */
class SimulateConfigReferenceTest {
    @Test
    void theReadmeTableIsTheGeneratedOne() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(ConfigReference.sectionRows(readme, "### `simulate` (`sim.*`)"))
                .as("regenerate with ConfigReference.table")
                .containsExactlyElementsOf(ConfigReference.rows(SimulateConfig.DEFINITION));
    }
}
