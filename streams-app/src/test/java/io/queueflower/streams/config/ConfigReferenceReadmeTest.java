package io.queueflower.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.platform.config.ConfigReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's streams-app configuration reference is exactly what the code defines. */
class ConfigReferenceReadmeTest {
    @Test
    void readmeListsEveryKeyWithItsDefaultAndMeaning() {
        assertThat(ConfigReference.readmeDifferences(Path.of("README.md"), "## Configuration reference",
                StreamsAppConfig.DEFINITION)).isEmpty();
    }
}
