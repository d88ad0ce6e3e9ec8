package io.queueflower.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * The dead-letter convention shared by every app: the failed record goes to {@code qf.dlq} with its original key and
 * value bytes untouched, and these headers say what went wrong and where it came from, so it can be inspected and
 * replayed.
 */
public final class DeadLetters {
    public static final String ERROR = "qf.error";
    public static final String ERROR_CLASS = "qf.error.class";
    public static final String STAGE = "qf.stage";
    public static final String SOURCE_TOPIC = "qf.source.topic";
    public static final String SOURCE_PARTITION = "qf.source.partition";
    public static final String SOURCE_OFFSET = "qf.source.offset";

    private DeadLetters() {
    }

    /** Adds the dead-letter headers to {@code headers} (kept: whatever headers the record already had). */
    public static Headers describe(Headers headers, String stage, Throwable error, String topic, int partition,
                                   long offset) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        headers.add(ERROR, utf8(message));
        headers.add(ERROR_CLASS, utf8(error.getClass().getName()));
        headers.add(STAGE, utf8(stage));
        headers.add(SOURCE_TOPIC, utf8(topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    /** The value of a header as text, or null when absent. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
