package io.queueflower.streams.decode;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceKeyedInputTest {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    private static Span span(String traceId, String spanId) {
        return Span.newBuilder().setTraceId(traceId).setSpanId(spanId).setService("s").setOperation("o")
                .setKind(SpanKind.SERVER).setStartMicros(0).setDurationMicros(1).build();
    }

    @Test
    void aRecordOfOneTraceKeyedByItsIdAsTextOrBytesPasses() {
        List<Span> spans = List.of(span(TRACE, "a1"), span(TRACE, "b2"));
        assertThatCode(() -> TraceKeyedInput.check(TRACE.getBytes(StandardCharsets.UTF_8), spans))
                .doesNotThrowAnyException();
        assertThatCode(() -> TraceKeyedInput.check(TRACE.toUpperCase().getBytes(StandardCharsets.UTF_8), spans))
                .doesNotThrowAnyException();
        assertThatCode(() -> TraceKeyedInput.check(HexFormat.of().parseHex(TRACE), spans)).doesNotThrowAnyException();
    }

    @Test
    void aRecordThatBreaksTheAssumptionIsRefusedSayingWhy() {
        byte[] key = TRACE.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TraceKeyedInput.check(key, List.of(span(TRACE, "a1"), span("ff" + TRACE.substring(2),
                "b2")))).hasMessageContaining("spans of more than one trace");
        assertThatThrownBy(() -> TraceKeyedInput.check(null, List.of(span(TRACE, "a1"))))
                .hasMessageContaining("has no key");
        assertThatThrownBy(() -> TraceKeyedInput.check("tenant-7".getBytes(StandardCharsets.UTF_8),
                List.of(span(TRACE, "a1")))).hasMessage("input.keyed.by.trace: the record's key 'tenant-7' is not its "
                + "trace id " + TRACE);
        assertThatThrownBy(() -> TraceKeyedInput.check(new byte[] {0, 1}, List.of(span(TRACE, "a1"))))
                .hasMessageContaining("key '0x0001'");
    }
}
