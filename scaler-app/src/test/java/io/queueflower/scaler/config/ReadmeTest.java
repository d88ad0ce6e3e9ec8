package io.queueflower.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.platform.config.ConfigReference;
import io.queueflower.platform.config.ConfigSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scaler-app/README.md documents every configuration key with its environment variable and default. */
class ReadmeTest {
    @Test
    void everyKeyIsDocumentedWithItsDefault() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        for (var key : ScalerConfig.DEFINITION.configKeys().values()) {
            String row = lines.stream().filter(l -> l.startsWith("| `" + key.name + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("README.md has no row for " + key.name));
            // The meaning may be worded for readers; key, environment variable and default must match the code.
            assertThat(row).startsWith("| `" + key.name + "` | `" + ConfigSources.environmentVariable(key.name)
                    + "` | " + ConfigReference.shownDefault(key) + " |");
        }
    }
}
