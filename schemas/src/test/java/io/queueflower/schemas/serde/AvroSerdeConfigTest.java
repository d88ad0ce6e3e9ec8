package io.queueflower.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.avro.Span;
import io.queueflower.schemas.registry.BasicAuthSource;
import io.queueflower.schemas.registry.MockSchemaRegistry;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    @Test
    void keysAreConfluents() {
        assertThat(AvroSerdeConfig.definition().names()).contains("schema.registry.url", "auto.register.schemas",
                "use.latest.version", "basic.auth.credentials.source", "basic.auth.user.info");
    }

    @Test
    void defaults() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of("schema.registry.url", "mock://x",
                "bootstrap.servers", "ignored:9092"));
        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.credentialsSource()).isEqualTo(BasicAuthSource.URL);
        assertThat(config.registryUrls()).containsExactly("mock://x");
        assertThat(config.createClient()).isSameAs(MockSchemaRegistry.scope("x"));
        MockSchemaRegistry.dropScope("x");
    }

    @Test
    void unknownCredentialSourceNamesKeyAndAllowedValues() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("schema.registry.url", "http://h:1",
                "basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source")
                .hasMessageContaining("SASL_INHERIT")
                .hasMessageContaining("URL, USER_INFO");
    }

    @Test
    void userInfoSourceNeedsUserAndPassword() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("schema.registry.url", "http://h:1",
                "basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info").hasMessageContaining("user:password");
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("schema.registry.url", "http://h:1",
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "justauser")))
                .hasMessageContaining("basic.auth.user.info").hasMessageNotContaining("justauser");
    }

    @Test
    void missingOrBadUrlsNameTheKey() {
        assertThatThrownBy(() -> SpecificAvroSerde.forClass(Span.class, Map.of(), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> SpecificAvroSerde.forClass(Span.class,
                Map.of("schema.registry.url", "registry:8081"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url")
                .hasMessageContaining("registry:8081");
        assertThatThrownBy(() -> SpecificAvroSerde.forClass(Span.class,
                Map.of("schema.registry.url", "mock://a,http://h:1"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot be combined");
    }

    @Test
    void wrongTypesNameTheKey() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("schema.registry.url", "mock://x",
                "auto.register.schemas", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auto.register.schemas");
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("schema.registry.url", "mock://x",
                "latest.cache.ttl.sec", -5)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("latest.cache.ttl.sec");
    }

    @Test
    void severalUrlsAndUserInfoBuildARestClient() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of(
                "schema.registry.url", "http://a:8081, http://b:8081/apis/ccompat/v7/",
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "u:p"));
        assertThat(config.createClient().url()).isEqualTo("http://a:8081,http://b:8081/apis/ccompat/v7");
    }
}
