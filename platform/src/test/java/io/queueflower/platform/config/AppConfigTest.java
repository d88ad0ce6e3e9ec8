package io.queueflower.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
    static final ConfigDef DEFINITION = new ConfigDef()
            .define("window.size.ms", ConfigDef.Type.LONG, 90_000L, ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.HIGH, "Window length.")
            .define("algorithm", ConfigDef.Type.STRING, "queueflower",
                    ConfigDef.ValidString.in("queueflower", "hab", "hpa", "static"),
                    ConfigDef.Importance.HIGH, "Scaling algorithm.")
            .define("registry.password", ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.LOW, "A secret.");
    static final AppConfig.PassThrough KAFKA = new AppConfig.PassThrough(
            Set.of("bootstrap.servers", "sasl.jaas.config"), List.of("producer."));

    static AppConfig config(Map<String, String> values) {
        return new AppConfig(DEFINITION, values, KAFKA);
    }

    @Test
    void laterSourcesWinAndEnvironmentNamesMapToDottedKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "window.size.ms=1000\nalgorithm=hab\nbootstrap.servers=file:9092\n");
        Map<String, String> merged = ConfigSources.load(file,
                Map.of("QF_WINDOW_SIZE_MS", "2000", "HOME", "/root", "QF_LOG_FORMAT", "json"),
                Map.of("algorithm", "hpa"));
        assertThat(merged).containsEntry("window.size.ms", "2000").containsEntry("algorithm", "hpa")
                .containsEntry("bootstrap.servers", "file:9092").doesNotContainKey("home")
                .doesNotContainKey("log.format");
        AppConfig config = config(merged);
        assertThat(config.getLong("window.size.ms")).isEqualTo(2000L);
        assertThat(config.passThrough()).containsExactly(Map.entry("bootstrap.servers", "file:9092"));
    }

    @Test
    void yamlNestingBecomesDottedKeysAndListsBecomeCommaSeparated(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, "window:\n  size:\n    ms: 5000\nbootstrap:\n  servers: [a:1, b:2]\n");
        assertThat(ConfigSources.readFile(file))
                .containsEntry("window.size.ms", "5000").containsEntry("bootstrap.servers", "a:1,b:2");
    }

    @Test
    void unknownKeyIsRejectedNamingItAndTheLikelyIntendedKey() {
        assertThatThrownBy(() -> config(Map.of("windw.size.ms", "5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'windw.size.ms'")
                .hasMessageContaining("QF_WINDW_SIZE_MS")
                .hasMessageContaining("did you mean 'window.size.ms'");
    }

    @Test
    void invalidValueIsRejectedNamingKeyAndAllowedValues() {
        assertThatThrownBy(() -> config(Map.of("algorithm", "magic")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("algorithm")
                .hasMessageContaining("queueflower");
    }

    @Test
    void prefixedClientKeysPassThroughAndSecretsAreMasked() {
        AppConfig config = config(Map.of("producer.linger.ms", "7", "registry.password", "hunter2",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"x\";"));
        assertThat(config.passThrough()).containsEntry("producer.linger.ms", "7");
        String described = config.describe();
        assertThat(described).contains("producer.linger.ms = 7").contains("sasl.jaas.config = [hidden]")
                .contains("registry.password = [hidden]").doesNotContain("hunter2").doesNotContain("PlainLoginModule");
    }

    @Test
    void environmentVariableNameIsTheInverseOfTheKeyMapping() {
        assertThat(ConfigSources.environmentVariable("trace.idle.ms")).isEqualTo("QF_TRACE_IDLE_MS");
        assertThat(ConfigSources.environmentKey("QF_TRACE_IDLE_MS")).isEqualTo("trace.idle.ms");
    }
}
