package io.queueflower.streams.decode;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads canonical spans straight off the wire of an OTLP {@code ExportTraceServiceRequest}, with protobuf's own
 * {@link CodedInputStream} doing the wire work (varints, lengths, limits, UTF-8 checks).
 *
 * <p>Why not {@code parseFrom} and {@link OtlpSpanMapper}: the generated parser builds an object for everything in
 * the request, and a JFR profile of the decoder benchmark put two thirds of the decoding time there, most of it in
 * the KeyValue/AnyValue objects and strings of resource and span attributes, of which a canonical span needs five.
 * This reader keeps only the fields {@link OtlpSpanMapper} uses (field numbers from opentelemetry-proto's
 * trace/v1, common/v1 and resource/v1 protos) and skips the rest undecoded, so fields the canonical span does not
 * use (attribute keys and values it does not keep among them) are not checked for valid UTF-8.
 *
 * <p>It is a fast path only: anything it does not handle exactly like the generated parser (a top-level field other
 * than resource_spans, a KeyValue with repeated key or value fields, a group) and every invalid record make it give
 * up with {@link NotHandled}, and {@link OtlpProtoDecoder} decodes that record the reference way, which produces the
 * same spans or the error message naming the offending field.
 */
final class OtlpWireReader {
    /** The record needs the reference decoder: invalid, or valid in a way this reader does not mirror. */
    static final class NotHandled extends Exception {
        NotHandled(String why) {
            super(why, null, false, false);
        }
    }

    private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
    // ExportTraceServiceRequest
    private static final int REQUEST_RESOURCE_SPANS = tag(1, LEN);
    // ResourceSpans
    private static final int RESOURCE_SPANS_RESOURCE = tag(1, LEN);
    private static final int RESOURCE_SPANS_SCOPE_SPANS = tag(2, LEN);
    // Resource
    private static final int RESOURCE_ATTRIBUTES = tag(1, LEN);
    // ScopeSpans
    private static final int SCOPE_SPANS_SPANS = tag(2, LEN);
    // KeyValue
    private static final int KEY_VALUE_KEY = tag(1, LEN);
    private static final int KEY_VALUE_VALUE = tag(2, LEN);
    // AnyValue (a oneof: the last case on the wire wins)
    private static final int ANY_STRING = tag(1, LEN);
    private static final int ANY_BOOL = tag(2, WireFormat.WIRETYPE_VARINT);
    private static final int ANY_INT = tag(3, WireFormat.WIRETYPE_VARINT);
    private static final int ANY_DOUBLE = tag(4, WireFormat.WIRETYPE_FIXED64);
    private static final int ANY_ARRAY = tag(5, LEN);
    private static final int ANY_KVLIST = tag(6, LEN);
    private static final int ANY_BYTES = tag(7, LEN);
    // Span
    private static final int SPAN_TRACE_ID = tag(1, LEN);
    private static final int SPAN_SPAN_ID = tag(2, LEN);
    private static final int SPAN_PARENT_SPAN_ID = tag(4, LEN);
    private static final int SPAN_NAME = tag(5, LEN);
    private static final int SPAN_KIND = tag(6, WireFormat.WIRETYPE_VARINT);
    private static final int SPAN_START = tag(7, WireFormat.WIRETYPE_FIXED64);
    private static final int SPAN_END = tag(8, WireFormat.WIRETYPE_FIXED64);
    private static final int SPAN_ATTRIBUTES = tag(9, LEN);
    private static final int SPAN_STATUS = tag(15, LEN);
    // Status
    private static final int STATUS_CODE = tag(3, WireFormat.WIRETYPE_VARINT);
    private static final int STATUS_CODE_ERROR = 2;

    private static final byte[] EMPTY = new byte[0];
    /** The keys {@link ProcessTags} and {@link SpanTags} keep; every other attribute is skipped undecoded. */
    private static final String[] PROCESS_KEYS = {ProcessTags.SERVICE_NAME, ProcessTags.HOSTNAME,
            ProcessTags.K8S_POD_NAME, ProcessTags.HOST_NAME};
    private static final String[] SPAN_KEYS = {SpanTags.SPAN_KIND, SpanTags.HTTP_STATUS_CODE,
            SpanTags.HTTP_RESPONSE_STATUS_CODE, SpanTags.GRPC_STATUS_CODE, SpanTags.ERROR};
    private static final byte[][] PROCESS_KEY_BYTES = utf8(PROCESS_KEYS);
    private static final byte[][] SPAN_KEY_BYTES = utf8(SPAN_KEYS);

    private OtlpWireReader() {
    }

    private static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }

    /** The canonical spans of a non-empty record, in the order {@link OtlpSpanMapper} produces them. */
    static List<Span> read(byte[] record, SpanFormat format) throws NotHandled {
        try {
            CodedInputStream in = CodedInputStream.newInstance(record);
            List<Span> spans = new ArrayList<>();
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag != REQUEST_RESOURCE_SPANS) {
                    throw new NotHandled("top-level field " + WireFormat.getTagFieldNumber(tag));
                }
                int length = in.readRawVarint32();
                int offset = in.getTotalBytesRead();
                in.skipRawBytes(length);
                resourceSpans(record, offset, length, format, spans);
            }
            return spans;
        } catch (IOException | RuntimeException e) {
            throw new NotHandled(e.toString());
        }
    }

    /**
     * One ResourceSpans in two passes over its bytes: the resource may follow its scope spans on the wire, and every
     * span needs the service it names.
     */
    private static void resourceSpans(byte[] record, int offset, int length, SpanFormat format, List<Span> out)
            throws IOException, NotHandled {
        ProcessTags resource = new ProcessTags();
        CodedInputStream in = CodedInputStream.newInstance(record, offset, length);
        in.enableAliasing(true); // readByteBuffer then views the record instead of copying (keys are only compared)
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == RESOURCE_SPANS_RESOURCE) {
                int limit = in.pushLimit(in.readRawVarint32());
                while ((tag = in.readTag()) != 0) {
                    if (tag == RESOURCE_ATTRIBUTES) {
                        int attributeLimit = in.pushLimit(in.readRawVarint32());
                        keyValue(in, resource, null);
                        in.popLimit(attributeLimit);
                    } else {
                        skip(in, tag);
                    }
                }
                in.popLimit(limit);
            } else {
                skip(in, tag);
            }
        }
        String service = resource.serviceName() != null ? resource.serviceName() : OtlpSpanMapper.UNKNOWN_SERVICE;
        String host = resource.host();
        in = CodedInputStream.newInstance(record, offset, length);
        in.enableAliasing(true);
        while ((tag = in.readTag()) != 0) {
            if (tag == RESOURCE_SPANS_SCOPE_SPANS) {
                int limit = in.pushLimit(in.readRawVarint32());
                while ((tag = in.readTag()) != 0) {
                    if (tag == SCOPE_SPANS_SPANS) {
                        int spanLimit = in.pushLimit(in.readRawVarint32());
                        out.add(span(in, service, host, format));
                        in.popLimit(spanLimit);
                    } else {
                        skip(in, tag);
                    }
                }
                in.popLimit(limit);
            } else {
                skip(in, tag);
            }
        }
    }

    private static Span span(CodedInputStream in, String service, String host, SpanFormat format)
            throws IOException, NotHandled {
        byte[] traceId = EMPTY;
        byte[] spanId = EMPTY;
        byte[] parentSpanId = EMPTY;
        String name = "";
        int kind = 0;
        long start = 0;
        long end = 0;
        int statusCode = 0;
        SpanTags tags = new SpanTags();
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == SPAN_TRACE_ID) {
                traceId = in.readByteArray();
            } else if (tag == SPAN_SPAN_ID) {
                spanId = in.readByteArray();
            } else if (tag == SPAN_PARENT_SPAN_ID) {
                parentSpanId = in.readByteArray();
            } else if (tag == SPAN_NAME) {
                name = in.readStringRequireUtf8();
            } else if (tag == SPAN_KIND) {
                kind = in.readEnum();
            } else if (tag == SPAN_START) {
                start = in.readFixed64();
            } else if (tag == SPAN_END) {
                end = in.readFixed64();
            } else if (tag == SPAN_ATTRIBUTES) {
                int limit = in.pushLimit(in.readRawVarint32());
                keyValue(in, null, tags);
                in.popLimit(limit);
            } else if (tag == SPAN_STATUS) {
                int limit = in.pushLimit(in.readRawVarint32());
                while ((tag = in.readTag()) != 0) {
                    if (tag == STATUS_CODE) {
                        statusCode = in.readEnum();
                    } else {
                        skip(in, tag);
                    }
                }
                in.popLimit(limit);
            } else {
                skip(in, tag);
            }
        }
        return OtlpSpanMapper.canonical(traceId, spanId, parentSpanId, service, name, kind(kind), start, end, host,
                tags, statusCode == STATUS_CODE_ERROR, format, null);
    }

    /**
     * One KeyValue into the resource's or the span's tags. Keys are matched as bytes against the few keys the tags
     * keep (decoding every key into a String was the next hot spot after the generated parser), and the value is
     * decoded only for those; {@code put} would ignore every other key. A KeyValue with its key or value field
     * repeated, or its value before its key, is left to the reference.
     */
    private static void keyValue(CodedInputStream in, ProcessTags resource, SpanTags tags)
            throws IOException, NotHandled {
        String[] wanted = resource != null ? PROCESS_KEYS : SPAN_KEYS;
        byte[][] wantedBytes = resource != null ? PROCESS_KEY_BYTES : SPAN_KEY_BYTES;
        boolean keySeen = false;
        int key = -1;
        Object value = null;
        boolean valueSeen = false;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == KEY_VALUE_KEY) {
                if (keySeen) {
                    throw new NotHandled("repeated key field");
                }
                keySeen = true;
                key = match(in.readByteBuffer(), wantedBytes);
            } else if (tag == KEY_VALUE_VALUE) {
                if (valueSeen || !keySeen) {
                    throw new NotHandled(valueSeen ? "repeated value field" : "value before key");
                }
                valueSeen = true;
                int limit = in.pushLimit(in.readRawVarint32());
                if (key >= 0) {
                    value = anyValue(in);
                } else {
                    while ((tag = in.readTag()) != 0) {
                        skip(in, tag);
                    }
                }
                in.popLimit(limit);
            } else {
                skip(in, tag);
            }
        }
        if (key < 0) {
            return;
        }
        if (resource != null) {
            resource.put(wanted[key], value);
        } else {
            tags.put(wanted[key], value);
        }
    }

    /** Index of the key among {@code wanted} (UTF-8), or -1. */
    private static int match(ByteBuffer key, byte[][] wanted) {
        int length = key.remaining();
        int base = key.position();
        for (int i = 0; i < wanted.length; i++) {
            byte[] candidate = wanted[i];
            if (candidate.length != length) {
                continue;
            }
            int j = 0;
            while (j < length && key.get(base + j) == candidate[j]) {
                j++;
            }
            if (j == length) {
                return i;
            }
        }
        return -1;
    }

    private static byte[][] utf8(String[] keys) {
        byte[][] bytes = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            bytes[i] = keys[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /** An AnyValue as {@link OtlpSpanMapper} maps it: String, Boolean, Long, Double, byte[], or null for lists. */
    private static Object anyValue(CodedInputStream in) throws IOException, NotHandled {
        Object value = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == ANY_STRING) {
                value = in.readStringRequireUtf8();
            } else if (tag == ANY_BOOL) {
                value = in.readBool();
            } else if (tag == ANY_INT) {
                value = in.readInt64();
            } else if (tag == ANY_DOUBLE) {
                value = in.readDouble();
            } else if (tag == ANY_BYTES) {
                value = in.readByteArray();
            } else if (tag == ANY_ARRAY || tag == ANY_KVLIST) {
                in.skipField(tag);
                value = null;
            } else {
                skip(in, tag);
            }
        }
        return value;
    }

    private static void skip(CodedInputStream in, int tag) throws IOException, NotHandled {
        if (!in.skipField(tag)) {
            throw new NotHandled("end-group tag");
        }
    }

    private static SpanKind kind(int kind) {
        return switch (kind) {
            case 1 -> SpanKind.INTERNAL;
            case 2 -> SpanKind.SERVER;
            case 3 -> SpanKind.CLIENT;
            case 4 -> SpanKind.PRODUCER;
            case 5 -> SpanKind.CONSUMER;
            default -> SpanKind.UNSPECIFIED;
        };
    }
}
