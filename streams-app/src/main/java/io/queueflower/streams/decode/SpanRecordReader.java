package io.queueflower.streams.decode;

import com.fasterxml.jackson.core.JsonParser;
import io.queueflower.streams.decode.SpanFormat.Framing;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a file or stream into records, the way the bytes would have arrived one per Kafka record:
 *
 * <ul>
 *   <li>jaeger-json, otlp-json: one record per line ({@code \n} or {@code \r\n}); blank lines are skipped.</li>
 *   <li>jaeger-ui: the whole input is one record (one JSON document, possibly many traces).</li>
 *   <li>jaeger-proto, otlp-proto: a length-prefixed stream, each record a 4-byte big-endian unsigned length followed
 *       by that many message bytes; at most {@link #MAX_RECORD_BYTES} per record.</li>
 *   <li>auto: JSON if the first byte is whitespace, '{', '[' or a UTF-8 byte-order mark, else length-prefixed
 *       protobuf. This cannot mistake a length prefix: with the size limit its first byte is at most 0x03. JSON is
 *       read line by line if its first non-blank line is a complete JSON value, else as one whole document (e.g. a
 *       pretty-printed export). Each record's format is then detected by the auto decoder.</li>
 * </ul>
 *
 * Framing errors are {@link SpanDecodeException}s that name the record number and byte offset.
 */
public final class SpanRecordReader implements Closeable {
    /** Far above Kafka's default 1 MiB message limit; a larger length prefix means the file is not framed as assumed. */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private final InputStream in;
    private final SpanFormat format;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean endOfInput;

    private Framing framing;
    private long offset;
    private long lineNumber;
    private long recordNumber;
    private boolean documentDone;
    /** A line that auto detection already read and that must be returned as the first record. */
    private byte[] pendingLine;
    private long pendingLineNumber;
    /**
     * Lines that auto detection read before it knew the input is one document; they are given back with '\n' line
     * ends, which changes nothing for JSON.
     */
    private byte[] documentPrefix = new byte[0];

    public SpanRecordReader(InputStream in, SpanFormat format) {
        this.in = in;
        this.format = format;
        this.framing = format.framing();
    }

    /** The framing in use; for auto, what was detected (DETECT until the first call of {@link #next()}). */
    public Framing framing() {
        return framing;
    }

    /** The next record, or null at the end of the input. */
    public SpanRecord next() throws IOException {
        if (framing == Framing.DETECT) {
            detect();
        }
        return switch (framing) {
            case LINES -> nextLine();
            case LENGTH_PREFIXED -> nextLengthPrefixed();
            case DOCUMENT -> nextDocument();
            case DETECT -> throw new IllegalStateException("framing not detected");
        };
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void detect() throws IOException {
        int first = peek();
        if (first < 0) {
            framing = Framing.DOCUMENT;
            documentDone = true;
            return;
        }
        boolean json = first == '{' || first == '[' || first == 0xEF || AutoSpanDecoder.isJsonWhitespace((byte) first);
        if (!json) {
            framing = Framing.LENGTH_PREFIXED;
            return;
        }
        ByteArrayOutputStream consumed = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readLine();
            if (line == null) {
                // Only blank lines: one (blank) document, which decodes to nothing.
                framing = Framing.DOCUMENT;
                documentDone = true;
                return;
            }
            consumed.write(line, 0, line.length);
            consumed.write('\n');
            if (isBlank(line)) {
                continue;
            }
            if (isCompleteJsonValue(line)) {
                framing = Framing.LINES;
                pendingLine = line;
                pendingLineNumber = lineNumber;
            } else {
                framing = Framing.DOCUMENT;
                documentPrefix = consumed.toByteArray();
            }
            return;
        }
    }

    private SpanRecord nextDocument() throws IOException {
        if (documentDone) {
            return null;
        }
        documentDone = true;
        ByteArrayOutputStream document = new ByteArrayOutputStream();
        document.write(documentPrefix, 0, documentPrefix.length);
        documentPrefix = null;
        if (position < limit) {
            document.write(buffer, position, limit - position);
            position = limit;
        }
        in.transferTo(document);
        byte[] bytes = document.toByteArray();
        if (bytes.length == 0) {
            return null;
        }
        recordNumber = 1;
        return new SpanRecord(1, "whole input", bytes);
    }

    private SpanRecord nextLine() throws IOException {
        if (pendingLine != null) {
            byte[] line = pendingLine;
            pendingLine = null;
            return new SpanRecord(++recordNumber, "line " + pendingLineNumber, line);
        }
        while (true) {
            byte[] line = readLine();
            if (line == null) {
                return null;
            }
            if (!isBlank(line)) {
                return new SpanRecord(++recordNumber, "line " + lineNumber, line);
            }
        }
    }

    private SpanRecord nextLengthPrefixed() throws IOException {
        long start = offset;
        long number = recordNumber + 1;
        byte[] prefix = readUpTo(4);
        if (prefix.length == 0) {
            return null;
        }
        String location = "record " + number + " (byte offset " + start + ")";
        if (prefix.length < 4) {
            throw new SpanDecodeException(format, "length prefix", "truncated: the input ends after " + prefix.length
                    + " of its 4 bytes").inRecord(location);
        }
        long length = ((prefix[0] & 0xffL) << 24) | ((prefix[1] & 0xff) << 16) | ((prefix[2] & 0xff) << 8)
                | (prefix[3] & 0xff);
        if (length > MAX_RECORD_BYTES) {
            throw new SpanDecodeException(format, "length prefix", "declares " + length + " bytes, more than the "
                    + MAX_RECORD_BYTES + "-byte limit; is the input really a length-prefixed protobuf stream "
                    + "(4-byte big-endian length, then the message)?").inRecord(location);
        }
        byte[] message = readUpTo((int) length);
        if (message.length < length) {
            throw new SpanDecodeException(format, "length prefix", "declares " + length + " bytes but only "
                    + message.length + " remain in the input").inRecord(location);
        }
        recordNumber = number;
        return new SpanRecord(number, "byte offset " + start, message);
    }

    /** The next line without its terminator, or null at the end of the input. */
    private byte[] readLine() throws IOException {
        if (peek() < 0) {
            return null;
        }
        long start = offset;
        lineNumber++;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (position == limit && !fill()) {
                break;
            }
            int newline = indexOf(buffer, (byte) '\n', position, limit);
            int end = newline < 0 ? limit : newline;
            line.write(buffer, position, end - position);
            offset += end - position;
            position = end;
            if (line.size() > MAX_RECORD_BYTES) {
                throw new SpanDecodeException(format, null, "longer than the " + MAX_RECORD_BYTES + "-byte limit "
                        + "for one record; is the input really one record per line?")
                        .inRecord("record " + (recordNumber + 1) + " (line " + lineNumber + ", byte offset " + start + ")");
            }
            if (newline >= 0) {
                position++;
                offset++;
                break;
            }
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    /** Up to {@code count} bytes; fewer only at the end of the input. */
    private byte[] readUpTo(int count) throws IOException {
        byte[] bytes = new byte[count];
        int filled = 0;
        while (filled < count) {
            if (position == limit && !fill()) {
                break;
            }
            int n = Math.min(count - filled, limit - position);
            System.arraycopy(buffer, position, bytes, filled, n);
            position += n;
            offset += n;
            filled += n;
        }
        return filled == count ? bytes : Arrays.copyOf(bytes, filled);
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position] & 0xff;
    }

    private boolean fill() throws IOException {
        if (endOfInput) {
            return false;
        }
        int n = in.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = in.read(buffer, 0, buffer.length);
        }
        if (n < 0) {
            endOfInput = true;
            position = limit = 0;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private static int indexOf(byte[] bytes, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (!AutoSpanDecoder.isJsonWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCompleteJsonValue(byte[] line) {
        try (JsonParser parser = JsonRecords.MAPPER.createParser(line)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException incompleteOrMalformed) {
            return false;
        }
    }
}
