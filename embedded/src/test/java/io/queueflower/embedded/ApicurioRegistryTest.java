package io.queueflower.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness fails loudly, never skips, when the registry distribution is missing. */
class ApicurioRegistryTest {

    private String original;

    @BeforeEach
    void remember() {
        original = System.getProperty(ApicurioRegistry.DIR_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (original == null) {
            System.clearProperty(ApicurioRegistry.DIR_PROPERTY);
        } else {
            System.setProperty(ApicurioRegistry.DIR_PROPERTY, original);
        }
    }

    @Test
    void theBuildProvidesTheRunnerJar() {
        assertThat(ApicurioRegistry.runnerJar()).isRegularFile()
                .satisfies(jar -> assertThat(jar.getFileName().toString()).endsWith("-runner.jar"));
    }

    @Test
    void missingPropertyIsExplained() {
        System.clearProperty(ApicurioRegistry.DIR_PROPERTY);
        assertThatThrownBy(ApicurioRegistry::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apicurio.dir is not set")
                .hasMessageContaining("apicurio-registry-app");
    }

    @Test
    void directoryWithoutRunnerIsExplained(@TempDir Path empty) {
        System.setProperty(ApicurioRegistry.DIR_PROPERTY, empty.toString());
        assertThatThrownBy(ApicurioRegistry::start).hasMessageContaining("no *-runner.jar under " + empty);
        System.setProperty(ApicurioRegistry.DIR_PROPERTY, empty.resolve("absent").toString());
        assertThatThrownBy(ApicurioRegistry::start).hasMessageContaining("is not a directory");
    }
}
