package io.queueflower.core.sla;

/** A malformed SLA table: the message names the file, line and column (1-based CSV field number). */
public final class SlaFormatException extends IllegalArgumentException {
    private final String source;
    private final long line;
    private final int column;

    SlaFormatException(String source, long line, int column, String problem) {
        super(source + ": line " + line + (column > 0 ? ", column " + column : "") + ": " + problem);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** The file (or other source name) the table was read from. */
    public String source() {
        return source;
    }

    /** 1-based line. */
    public long line() {
        return line;
    }

    /** 1-based CSV field number, 0 when the problem concerns the whole line. */
    public int column() {
        return column;
    }
}
