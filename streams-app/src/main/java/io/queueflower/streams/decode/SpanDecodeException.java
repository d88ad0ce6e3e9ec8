package io.queueflower.streams.decode;

/**
 * A record could not be turned into canonical spans. The message names the format, where in the record the problem
 * is (field, JSON path or byte offset) and, once known, which record of the input it was.
 *
 * <p>Unchecked on purpose: decoders run inside Kafka Streams lambdas and stream pipelines, where a checked exception
 * would only be wrapped again; callers that can recover (skip the record, count it) catch it explicitly.
 */
public final class SpanDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SpanFormat format;
    private final String where;
    private final String problem;
    private final String record;

    /**
     * @param format  the format being decoded
     * @param where   the field, JSON path or byte offset inside the record; null when the whole record is at fault
     * @param problem what is wrong, in words
     */
    public SpanDecodeException(SpanFormat format, String where, String problem) {
        this(format, where, problem, null, null);
    }

    public SpanDecodeException(SpanFormat format, String where, String problem, Throwable cause) {
        this(format, where, problem, null, cause);
    }

    private SpanDecodeException(SpanFormat format, String where, String problem, String record, Throwable cause) {
        super(compose(format, where, problem, record), cause);
        this.format = format;
        this.where = where;
        this.problem = problem;
        this.record = record;
    }

    /** The same error, located in the input: {@code record} is e.g. "record 3 (line 5)". */
    public SpanDecodeException inRecord(String record) {
        return new SpanDecodeException(format, where, problem, record, getCause());
    }

    public SpanFormat format() {
        return format;
    }

    /** Field, JSON path or byte offset inside the record, or null. */
    public String where() {
        return where;
    }

    public String problem() {
        return problem;
    }

    /** Which record of the input, or null when decoding a lone record. */
    public String record() {
        return record;
    }

    private static String compose(SpanFormat format, String where, String problem, String record) {
        StringBuilder message = new StringBuilder();
        if (record != null) {
            message.append(record).append(": ");
        }
        message.append(format.cliName()).append(": ");
        if (where != null && !where.isEmpty()) {
            message.append(where).append(": ");
        }
        return message.append(problem).toString();
    }
}
