package io.queueflower.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.platform.config.ConfigReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** simulator/README.md lists every key of `simulate` exactly as the code defines it, and nothing else. */
class SimulateConfigReferenceTest {
    @Test
    void theReadmeTableIsTheGeneratedOne() {
        assertThat(ConfigReference.readmeDifferences(Path.of("README.md"), "### `simulate` (`sim.*`)",
                SimulateConfig.DEFINITION))
                .isEmpty();
    }
}
