package io.queueflower.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.avro.Span;
import io.queueflower.testsupport.SchemaEdits;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachingSchemaRegistryClientTest {

    /** Counts what reaches the real registry behind the cache. */
    private static final class Counting implements SchemaRegistryClient {
        final SchemaRegistryClient target;
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean down;

        Counting(SchemaRegistryClient target) {
            this.target = target;
        }

        private void hit() {
            calls.incrementAndGet();
            if (down) {
                throw new SchemaRegistryUnavailableException("down", url(), null, null);
            }
        }

        @Override
        public int register(String subject, Schema schema) {
            hit();
            return target.register(subject, schema);
        }

        @Override
        public int getId(String subject, Schema schema) {
            hit();
            return target.getId(subject, schema);
        }

        @Override
        public Schema getSchemaById(int id) {
            hit();
            return target.getSchemaById(id);
        }

        @Override
        public RegisteredSchema latestSchema(String subject) {
            hit();
            return target.latestSchema(subject);
        }

        @Override
        public String url() {
            return target.url();
        }
    }

    private final String scope = "caching-test-" + UUID.randomUUID();
    private final MockSchemaRegistry registry = MockSchemaRegistry.scope(scope);
    private final Counting counting = new Counting(registry);
    private final AtomicLong nanos = new AtomicLong();

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(scope);
    }

    private CachingSchemaRegistryClient cache(Duration ttl) {
        return new CachingSchemaRegistryClient(counting, ttl, nanos::get);
    }

    @Test
    void idsAndSchemasAreAskedForOnce() {
        CachingSchemaRegistryClient client = cache(Duration.ofNanos(-1));
        int id = client.register("s-value", Span.SCHEMA$);
        assertThat(client.register("s-value", Span.SCHEMA$)).isEqualTo(id);
        assertThat(client.getId("s-value", Span.SCHEMA$)).isEqualTo(id);
        assertThat(client.getSchemaById(id)).isEqualTo(Span.SCHEMA$);
        assertThat(counting.calls).hasValue(1);

        CachingSchemaRegistryClient reader = cache(Duration.ofNanos(-1));
        assertThat(reader.getSchemaById(id)).isEqualTo(Span.SCHEMA$);
        assertThat(reader.getSchemaById(id)).isEqualTo(Span.SCHEMA$);
        assertThat(counting.calls).hasValue(2);
        assertThat(reader.url()).isEqualTo("mock://" + scope);
    }

    @Test
    void latestIsKeptForItsTtl() {
        CachingSchemaRegistryClient client = cache(Duration.ofSeconds(10));
        registry.register("s-value", Span.SCHEMA$);
        assertThat(client.latestSchema("s-value").version()).isEqualTo(1);
        Schema v2 = SchemaEdits.addField(Span.SCHEMA$, "zone", Schema.create(Schema.Type.STRING), "eu");
        registry.register("s-value", v2);

        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(client.latestSchema("s-value").version()).as("still cached").isEqualTo(1);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(client.latestSchema("s-value").version()).as("expired").isEqualTo(2);
        assertThat(counting.calls).hasValue(2);
        assertThat(client.getId("s-value", v2)).as("latest also fills the id cache").isPositive();
        assertThat(counting.calls).hasValue(2);
    }

    @Test
    void zeroTtlAlwaysAsksAndNegativeNeverExpires() {
        registry.register("s-value", Span.SCHEMA$);
        CachingSchemaRegistryClient uncached = cache(Duration.ZERO);
        uncached.latestSchema("s-value");
        uncached.latestSchema("s-value");
        assertThat(counting.calls).hasValue(2);

        CachingSchemaRegistryClient forever = cache(Duration.ofNanos(-1));
        forever.latestSchema("s-value");
        nanos.addAndGet(Duration.ofDays(365).toNanos());
        forever.latestSchema("s-value");
        assertThat(counting.calls).hasValue(3);
    }

    @Test
    void failuresAreNotCached() {
        CachingSchemaRegistryClient client = cache(Duration.ofNanos(-1));
        counting.down = true;
        assertThatThrownBy(() -> client.register("s-value", Span.SCHEMA$))
                .isInstanceOf(SchemaRegistryUnavailableException.class);
        counting.down = false;
        assertThat(client.register("s-value", Span.SCHEMA$)).isPositive();
        assertThat(counting.calls).hasValue(2);
    }
}
