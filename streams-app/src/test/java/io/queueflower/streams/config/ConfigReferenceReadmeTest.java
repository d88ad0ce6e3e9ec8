package io.queueflower.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.platform.config.ConfigReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's streams-app configuration reference is exactly what the code defines. */
class ConfigReferenceReadmeTest {
    @Test
    void readmeListsEveryKeyWithItsDefaultAndMeaning() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(ConfigReference.sectionRows(readme, "## Configuration reference"))
                .as("streams-app/README.md: regenerate with ./queueflower streams config-reference")
                .containsExactlyElementsOf(ConfigReference.rows(StreamsAppConfig.DEFINITION));
    }
}
