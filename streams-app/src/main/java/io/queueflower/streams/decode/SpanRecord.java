package io.queueflower.streams.decode;

/**
 * One record cut from a file or stream by {@link SpanRecordReader}.
 *
 * @param number   1-based position among the records of the input
 * @param position where it starts, e.g. "line 5" or "byte offset 1024"
 * @param bytes    the record itself, without framing
 */
public record SpanRecord(long number, String position, byte[] bytes) {

    /** "record 3 (line 5)": how errors name this record. */
    public String location() {
        return "record " + number + " (" + position + ")";
    }
}
