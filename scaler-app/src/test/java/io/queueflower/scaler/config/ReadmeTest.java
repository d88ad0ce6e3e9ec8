package io.queueflower.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.config.ConfigSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/** scaler-app/README.md documents every configuration key with its environment variable and default. */
class ReadmeTest {
    @Test
    void everyKeyIsDocumentedWithItsDefault() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        for (ConfigDef.ConfigKey key : ScalerConfig.DEFINITION.configKeys().values()) {
            String row = lines.stream().filter(l -> l.startsWith("| `" + key.name + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("README.md has no row for " + key.name));
            assertThat(row).contains("`" + ConfigSources.environmentVariable(key.name) + "`");
            Object value = key.defaultValue;
            String shown = value == ConfigDef.NO_DEFAULT_VALUE ? "(required)"
                    : value instanceof List<?> list ? (list.isEmpty() ? "(empty)" : String.join(",", list.stream().map(String::valueOf).toList()))
                    : String.valueOf(value).isEmpty() ? "(empty)" : String.valueOf(value);
            assertThat(row).as("default of %s", key.name).contains("| " + shown + " |");
        }
    }
}
