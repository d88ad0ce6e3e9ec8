package io.queueflower.system.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.platform.config.ConfigReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** system/README.md lists every key of `demo` exactly as the code defines it, and nothing else. */
class DemoConfigReferenceTest {
    @Test
    void theReadmeTableIsTheGeneratedOne() {
        assertThat(ConfigReference.readmeDifferences(Path.of("README.md"), "### `demo` (`demo.*`)",
                DemoConfig.DEFINITION))
                .isEmpty();
    }
}
