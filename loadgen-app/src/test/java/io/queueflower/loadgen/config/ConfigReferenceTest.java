package io.queueflower.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.platform.config.ConfigReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/** loadgen-app/README.md lists every key of every command exactly as the code defines it, and nothing else. */
class ConfigReferenceTest {
    @Test
    void theReadmeTablesAreTheGeneratedOnes() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Map<String, ConfigDef> sections = Map.of("### `loadgen simulate` (`sim.*`)", SimulateConfig.DEFINITION,
                "### `loadgen http` (`load.*`)", HttpLoadConfig.DEFINITION,
                "### `loadgen demo` (`demo.*`)", DemoConfig.DEFINITION);
        sections.forEach((heading, definition) -> {
            assertThat(readme).as("README.md section").contains(heading);
            String section = readme.substring(readme.indexOf(heading) + heading.length());
            int next = section.indexOf("\n#");
            section = next < 0 ? section : section.substring(0, next);
            List<String> rows = section.lines().filter(l -> l.startsWith("| `")).toList();
            assertThat(rows).as(heading + ": regenerate with ConfigReference.table")
                    .containsExactlyElementsOf(ConfigReference.rows(definition));
        });
    }
}
