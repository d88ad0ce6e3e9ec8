package io.queueflower.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers with which a stage signs the time it reports to the next: the decoding stage its progress marks on
 * qf.spans, the assembly stage every trace and quiet report on qf.traces. They say which partition of the stage sent
 * the record, and, on a quiet report, that the partition holds nothing back (its input quiet for the idle time, and,
 * for the assembly, no trace pending). Headers rather than fields of {@code Span} or {@code TraceSummary}, because
 * they describe the pipeline, not the data, and released schemas should not carry them; Kafka Streams keeps headers
 * through the repartition to the window stage.
 */
public final class SourceHeaders {
    static final String PARTITION = "queueflower.source.partition";
    static final String QUIET = "queueflower.source.quiet";

    private SourceHeaders() {
    }

    static Headers of(int partition) {
        return new RecordHeaders().add(PARTITION, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
    }

    static Headers quiet(int partition) {
        return of(partition).add(QUIET, new byte[0]);
    }

    /** The assembly partition that sent a record, or empty for a record from elsewhere (or a malformed header). */
    static OptionalInt partition(Headers headers) {
        Header header = headers.lastHeader(PARTITION);
        if (header == null || header.value() == null) {
            return OptionalInt.empty();
        }
        try {
            int partition = Integer.parseInt(new String(header.value(), StandardCharsets.UTF_8));
            return partition < 0 ? OptionalInt.empty() : OptionalInt.of(partition);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** True for a record a stage of the pipeline signed: a progress mark or quiet report, or an assembled trace. */
    public static boolean isSigned(Headers headers) {
        return headers.lastHeader(PARTITION) != null;
    }

    static boolean isQuiet(Headers headers) {
        return headers.lastHeader(QUIET) != null;
    }
}
