package io.queueflower.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.safety.ReplicaBounds;
import io.queueflower.platform.config.ConfigSources;
import io.queueflower.scaler.kubernetes.ScaleWriteMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalerConfigTest {
    static Map<String, String> minimal() {
        Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", "kafka:9092");
        values.put("schema.registry.url", "mock://test");
        values.put("scaler.allow.namespaces", "shop");
        values.put("scaler.allow.deployments", "cart,web");
        return values;
    }

    static ScalerConfig with(String key, String value) {
        Map<String, String> values = minimal();
        values.put(key, value);
        return new ScalerConfig(values);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ScalerConfig config = new ScalerConfig(minimal());
        assertThat(config.stepLimiter().maxStepUp()).isEqualTo(10);
        assertThat(config.stepLimiter().maxStepDown()).isEqualTo(5);
        assertThat(config.stabilizationWindow()).isEqualTo(Duration.ZERO);
        assertThat(config.bounds().defaults()).isEqualTo(new ReplicaBounds(1, 50));
        assertThat(config.applierSettings().dryRun()).isFalse();
        assertThat(config.applierSettings().overrideHpa()).isFalse();
        assertThat(config.applierSettings().readinessTimeout()).isZero();
        assertThat(config.writeMethod()).isEqualTo(ScaleWriteMethod.UPDATE);
        assertThat(config.leaderElectionEnabled()).isTrue();
        assertThat(config.kafkaSettings()).containsEntry("group.id", "qf-scaler");
    }

    @Test
    void fileThenEnvironmentThenOverridesEnvironmentUsingQfScalerNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scaler.properties");
        Files.writeString(file, """
                bootstrap.servers=kafka:9092
                schema.registry.url=mock://x
                scaler.allow.namespaces=shop
                scaler.allow.deployments=cart
                scaler.max.step.up=7
                scaler.replicas.bounds=shop/cart=2:8
                scaler.dry.run=true
                """);
        ScalerConfig config = new ScalerConfig(ConfigSources.load(file,
                Map.of("QF_SCALER_MAX_STEP_UP", "3", "QF_SCALER_OVERRIDE_HPA", "true", "PATH", "/bin"),
                Map.of("scaler.dry.run", "false")));
        assertThat(config.stepLimiter().maxStepUp()).isEqualTo(3);
        assertThat(config.applierSettings().overrideHpa()).isTrue();
        assertThat(config.applierSettings().dryRun()).isFalse();
        assertThat(config.bounds().boundsFor(new DeploymentRef("shop", "cart"))).isEqualTo(new ReplicaBounds(2, 8));
    }

    @Test
    void unknownKeysAreRejectedNamingTheKeyAndTheAllowedOnes() {
        assertThatThrownBy(() -> with("scaler.max.step", "3"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'scaler.max.step'")
                .hasMessageContaining("QF_SCALER_MAX_STEP")
                .hasMessageContaining("scaler.max.step.up")
                .hasMessageContaining("scaler.stabilization.window.ms");
    }

    @Test
    void invalidValuesAreRejectedNamingKeyAndAllowedValues() {
        assertThatThrownBy(() -> with("scaler.write.method", "replace"))
                .hasMessageContaining("scaler.write.method").hasMessageContaining("one of: update, patch");
        assertThatThrownBy(() -> with("scaler.max.step.down", "0"))
                .hasMessageContaining("scaler.max.step.down").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> with("scaler.dry.run", "maybe"))
                .hasMessageContaining("scaler.dry.run").hasMessageContaining("true or false");
        assertThatThrownBy(() -> with("scaler.replicas.bounds", "shop/cart=8:2"))
                .hasMessageContaining("scaler.replicas.bounds").hasMessageContaining("must be >= min");
        assertThatThrownBy(() -> with("scaler.replicas.max", "0"))
                .hasMessageContaining("scaler.replicas.min/scaler.replicas.max");
        assertThatThrownBy(() -> with("scaler.allow.label.selector", "tier in (web"))
                .hasMessageContaining("scaler.allow.label.selector").hasMessageContaining("unmatched '('");
        assertThatThrownBy(() -> with("scaler.leader.election.renew.deadline.ms", "20000"))
                .hasMessageContaining("scaler.leader.election").hasMessageContaining("shorter than the lease duration");
        assertThatThrownBy(() -> with("scaler.retry.jitter", "2"))
                .hasMessageContaining("scaler.retry.jitter");
    }

    @Test
    void theRemitMustBeGiven() {
        Map<String, String> values = minimal();
        values.remove("scaler.allow.namespaces");
        assertThatThrownBy(() -> new ScalerConfig(values)).hasMessageContaining("scaler.allow.namespaces");
        Map<String, String> noDeployments = minimal();
        noDeployments.remove("scaler.allow.deployments");
        assertThatThrownBy(() -> new ScalerConfig(noDeployments))
                .hasMessageContaining("neither scaler.allow.deployments nor scaler.allow.label.selector");
        Map<String, String> noBroker = minimal();
        noBroker.remove("bootstrap.servers");
        assertThatThrownBy(() -> new ScalerConfig(noBroker)).hasMessageContaining("bootstrap.servers is required");
    }

    @Test
    void theEffectiveConfigurationMasksSecrets() {
        Map<String, String> values = minimal();
        values.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"u\" password=\"s3cret\";");
        values.put("basic.auth.user.info", "registry:hunter2");
        values.put("ssl.truststore.password", "changeit");
        String shown = new ScalerConfig(values).describe();
        assertThat(shown).contains("sasl.jaas.config = [hidden]", "basic.auth.user.info = [hidden]",
                        "ssl.truststore.password = [hidden]", "scaler.max.step.up = 10", "bootstrap.servers = kafka:9092")
                .doesNotContain("s3cret", "hunter2", "changeit");
    }
}
