package io.queueflower.streams.decode;

import java.util.HexFormat;
import java.util.Locale;

/** Converts trace and span ids from their wire forms to the canonical lowercase hex, rejecting malformed ids. */
final class SpanIds {
    static final int TRACE_ID_BYTES = 16;
    static final int SHORT_TRACE_ID_BYTES = 8;
    static final int SPAN_ID_BYTES = 8;
    private static final HexFormat HEX = HexFormat.of();
    private static final String ZERO_PAD = "0".repeat(2 * TRACE_ID_BYTES);

    private SpanIds() {
    }

    /**
     * A binary trace id as 32 hex characters. With {@code allowShort}, an 8-byte (64-bit) id is accepted and
     * zero-padded on the left, as Jaeger does when it widens old 64-bit ids.
     */
    static String traceId(byte[] id, boolean allowShort, SpanFormat format, String where) {
        if (id.length == 0) {
            throw new SpanDecodeException(format, where, "missing");
        }
        if (id.length == TRACE_ID_BYTES || (allowShort && id.length == SHORT_TRACE_ID_BYTES)) {
            rejectZero(id, "trace id", format, where);
            return pad(HEX.formatHex(id), 2 * TRACE_ID_BYTES);
        }
        String expected = allowShort ? "16 (or 8 for a 64-bit id)" : "16";
        throw new SpanDecodeException(format, where,
                "trace id has " + id.length + " bytes, expected " + expected + base64Hint(format));
    }

    /** A binary span id as 16 hex characters. */
    static String spanId(byte[] id, SpanFormat format, String where) {
        if (id.length == 0) {
            throw new SpanDecodeException(format, where, "missing");
        }
        if (id.length != SPAN_ID_BYTES) {
            throw new SpanDecodeException(format, where,
                    "span id has " + id.length + " bytes, expected 8" + base64Hint(format));
        }
        rejectZero(id, "span id", format, where);
        return HEX.formatHex(id);
    }

    /**
     * A parent span id, or null for none. Jaeger clients wrote "no parent" as span id 0, so an all-zero parent is no
     * parent rather than an error.
     */
    static String parentSpanId(byte[] id, SpanFormat format, String where) {
        if (id.length == 0 || (id.length == SPAN_ID_BYTES && isZero(id))) {
            return null;
        }
        return spanId(id, format, where);
    }

    /** A hex trace id of 1 to 32 digits (Jaeger's query API drops leading zeros of the high half), padded to 32. */
    static String traceIdFromHex(String hex, SpanFormat format, String where) {
        String id = checkHex(hex, 2 * TRACE_ID_BYTES, "trace id", format, where);
        rejectZero(id, "trace id", format, where);
        return pad(id, 2 * TRACE_ID_BYTES);
    }

    /** A hex span id of 1 to 16 digits, padded to 16. */
    static String spanIdFromHex(String hex, SpanFormat format, String where) {
        String id = checkHex(hex, 2 * SPAN_ID_BYTES, "span id", format, where);
        rejectZero(id, "span id", format, where);
        return pad(id, 2 * SPAN_ID_BYTES);
    }

    /** Bytes of an even-length hex string, for OTLP/JSON ids; the length is judged later with the binary rules. */
    static byte[] bytesFromHex(String hex, SpanFormat format, String where) {
        if (hex.length() % 2 != 0 || !isHex(hex)) {
            throw new SpanDecodeException(format, where, "'" + abbreviate(hex) + "' is not an even number of hex digits"
                    + (format == SpanFormat.OTLP_JSON ? " (OTLP/JSON ids are hex, not base64)" : ""));
        }
        return HEX.parseHex(hex);
    }

    static boolean isZero(byte[] id) {
        for (byte b : id) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String checkHex(String hex, int maxDigits, String what, SpanFormat format, String where) {
        if (hex.isEmpty() || hex.length() > maxDigits || !isHex(hex)) {
            throw new SpanDecodeException(format, where,
                    what + " '" + abbreviate(hex) + "' is not 1 to " + maxDigits + " hex digits");
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // Not Character.digit: it also accepts full-width and other Unicode digits.
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }

    private static void rejectZero(byte[] id, String what, SpanFormat format, String where) {
        if (isZero(id)) {
            throw new SpanDecodeException(format, where, what + " is all zeros, which no tracer issues");
        }
    }

    private static void rejectZero(String hex, String what, SpanFormat format, String where) {
        if (hex.chars().allMatch(c -> c == '0')) {
            throw new SpanDecodeException(format, where, what + " is all zeros, which no tracer issues");
        }
    }

    private static String pad(String hex, int digits) {
        return hex.length() >= digits ? hex : ZERO_PAD.substring(0, digits - hex.length()) + hex;
    }

    private static String base64Hint(SpanFormat format) {
        return format == SpanFormat.JAEGER_JSON ? " (Jaeger JSON ids are base64 of the bytes, not hex)" : "";
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
