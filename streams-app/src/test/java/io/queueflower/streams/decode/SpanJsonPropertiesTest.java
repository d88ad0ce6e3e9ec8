package io.queueflower.streams.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SpanJsonPropertiesTest {

    @Property(tries = 300)
    void everyCanonicalSpanSurvivesTheJsonRoundTrip(@ForAll("spans") Span span) {
        assertThat(SpanJson.fromJson(SpanJson.toJson(span))).isEqualTo(span);
    }

    @Provide
    Arbitrary<Span> spans() {
        Arbitrary<String> traceIds = Arbitraries.strings().withChars("0123456789abcdef").ofLength(32);
        Arbitrary<String> spanIds = Arbitraries.strings().withChars("0123456789abcdef").ofLength(16);
        Arbitrary<String> names = Arbitraries.strings().all().ofMaxLength(40);
        return Builders.withBuilder(Span::newBuilder)
                .use(traceIds).in(Span.Builder::setTraceId)
                .use(spanIds).in(Span.Builder::setSpanId)
                .use(spanIds.injectNull(0.3)).in(Span.Builder::setParentSpanId)
                .use(names).in(Span.Builder::setService)
                .use(names).in(Span.Builder::setOperation)
                .use(Arbitraries.of(SpanKind.class)).in(Span.Builder::setKind)
                .use(Arbitraries.longs()).in(Span.Builder::setStartMicros)
                .use(Arbitraries.longs()).in(Span.Builder::setDurationMicros)
                .use(names.injectNull(0.3)).in(Span.Builder::setHost)
                .use(Arbitraries.integers().injectNull(0.3)).in(Span.Builder::setStatusCode)
                .use(Arbitraries.of(true, false)).in(Span.Builder::setError)
                .build(Span.Builder::build);
    }
}
