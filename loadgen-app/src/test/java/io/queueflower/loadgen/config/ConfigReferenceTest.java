package io.queueflower.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.platform.config.ConfigReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** loadgen-app/README.md lists every key of `loadgen http` exactly as the code defines it, and nothing else. */
class ConfigReferenceTest {
    @Test
    void theReadmeTableIsTheGeneratedOne() {
        assertThat(ConfigReference.readmeDifferences(Path.of("README.md"), "### `loadgen http` (`load.*`)",
                HttpLoadConfig.DEFINITION))
                .isEmpty();
    }
}
