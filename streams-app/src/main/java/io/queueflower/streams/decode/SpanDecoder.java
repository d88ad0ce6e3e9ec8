package io.queueflower.streams.decode;

import io.queueflower.avro.Span;
import java.util.List;

/**
 * Turns one Kafka record value (or one framed file record) into canonical spans. Implementations are pure and
 * thread-safe: they see only the bytes, never a Kafka type, so the same code serves the streams topology and the
 * offline {@code ingest} tool.
 */
public interface SpanDecoder {

    /** The format this decoder reads. */
    SpanFormat format();

    /**
     * Decodes one record.
     *
     * <p>An empty record (zero bytes; for JSON formats also whitespace only) decodes to an empty list in every format:
     * Kafka tombstones and keep-alive records carry no spans, and skipping them loses nothing. Anything else that is
     * not a valid record of this format is an error.
     *
     * @throws SpanDecodeException naming the format, the offending field / JSON path / byte offset and the problem
     */
    List<Span> decode(byte[] record);
}
