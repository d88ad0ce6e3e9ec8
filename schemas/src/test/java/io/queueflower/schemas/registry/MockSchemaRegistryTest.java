package io.queueflower.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.Span;
import io.queueflower.testsupport.SchemaEdits;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

    private final String scope = "mock-test-" + UUID.randomUUID();
    private final MockSchemaRegistry registry = MockSchemaRegistry.scope(scope);

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void sameUrlSameRegistryAndDroppedScopeStartsEmpty() {
        registry.register("t-value", Span.SCHEMA$);
        assertThat(MockSchemaRegistry.forUrl("mock://" + scope)).isSameAs(registry);
        assertThat(registry.url()).isEqualTo("mock://" + scope);

        MockSchemaRegistry.dropScope(scope);
        assertThat(MockSchemaRegistry.scope(scope).subjects()).isEmpty();
    }

    @Test
    void idsAreGlobalAndVersionsPerSubject() {
        int spans = registry.register("spans-value", Span.SCHEMA$);
        int replicas = registry.register("replicas-value", ReplicaStatus.SCHEMA$);
        int spansAgain = registry.register("other-value", Span.SCHEMA$);

        assertThat(spans).isNotEqualTo(replicas);
        assertThat(spansAgain).as("same schema text, same id across subjects").isEqualTo(spans);
        assertThat(registry.register("spans-value", Span.SCHEMA$)).as("re-registering is idempotent").isEqualTo(spans);
        assertThat(registry.versions("spans-value")).hasSize(1);

        Schema evolved = SchemaEdits.addField(Span.SCHEMA$, "zone", Schema.create(Schema.Type.STRING), "eu");
        int evolvedId = registry.register("spans-value", evolved);
        assertThat(evolvedId).isNotIn(spans, replicas);
        assertThat(registry.latestSchema("spans-value")).isEqualTo(new RegisteredSchema(evolvedId, 2, evolved));
        assertThat(registry.getSchemaById(spans)).isEqualTo(Span.SCHEMA$);
        assertThat(registry.getId("spans-value", Span.SCHEMA$)).isEqualTo(spans);
        assertThat(registry.register("spans-value", Span.SCHEMA$))
                .as("an older version's schema gets its existing id back").isEqualTo(spans);
        assertThat(registry.versions("spans-value")).hasSize(2);
    }

    @Test
    void backwardIsCheckedByDefault() {
        Schema withoutService = SchemaEdits.removeField(Span.SCHEMA$, "service");
        registry.register("spans-value", withoutService);

        assertThatThrownBy(() -> registry.register("spans-value", Span.SCHEMA$))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("mock://" + scope)
                .hasMessageContaining("'spans-value'")
                .hasMessageContaining("BACKWARD")
                .hasMessageContaining("service")
                .satisfies(e -> assertThat(((IncompatibleSchemaException) e).errorCode()).isEqualTo(409));
        assertThat(registry.versions("spans-value")).hasSize(1);

        registry.setCompatibility("spans-value", Compatibility.NONE);
        assertThat(registry.register("spans-value", Span.SCHEMA$)).isPositive();
        assertThat(registry.versions("spans-value")).hasSize(2);
    }

    @Test
    void rejectedFirstRegistrationLeavesNoEmptySubject() {
        registry.setDefaultCompatibility(Compatibility.FULL);
        registry.register("a-value", Span.SCHEMA$);
        assertThatThrownBy(() -> registry.register("a-value", SchemaEdits.removeField(Span.SCHEMA$, "service")))
                .isInstanceOf(IncompatibleSchemaException.class);
        assertThat(registry.subjects()).containsExactly("a-value");
    }

    @Test
    void missingThingsAreNotFoundWithConfluentErrorCodes() {
        assertThatThrownBy(() -> registry.latestSchema("nope-value"))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("'nope-value'").hasMessageContaining("mock://" + scope)
                .satisfies(e -> assertThat(((SchemaNotFoundException) e).errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> registry.getSchemaById(77))
                .isInstanceOf(SchemaNotFoundException.class).hasMessageContaining("id 77")
                .satisfies(e -> assertThat(((SchemaNotFoundException) e).errorCode()).isEqualTo(40403));
        registry.register("spans-value", Span.SCHEMA$);
        assertThatThrownBy(() -> registry.getId("spans-value", ReplicaStatus.SCHEMA$))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("'spans-value'").hasMessageContaining("ReplicaStatus")
                .satisfies(e -> assertThat(((SchemaNotFoundException) e).errorCode()).isEqualTo(40403));
    }

    @Test
    void badScopesAreRefused() {
        assertThatThrownBy(() -> MockSchemaRegistry.forUrl("http://x")).hasMessageContaining("mock://");
        assertThatThrownBy(() -> MockSchemaRegistry.forUrl("mock://")).hasMessageContaining("blank");
    }
}
