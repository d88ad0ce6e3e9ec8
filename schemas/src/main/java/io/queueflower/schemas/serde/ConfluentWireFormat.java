package io.queueflower.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The framing every Confluent-compatible Avro serde uses: magic byte 0, the writer schema's registry id as a 4-byte
 * big-endian int, then the Avro binary encoding of the datum.
 */
public final class ConfluentWireFormat {

    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {
    }

    /** The 5-byte header for schema {@code id}. */
    public static byte[] header(int id) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(id).array();
    }

    /**
     * The schema id in the header of {@code length} bytes of {@code data} from {@code offset}.
     *
     * @throws SerializationException naming the topic and what is wrong with the header
     */
    public static int schemaId(String topic, byte[] data, int offset, int length) {
        if (length < HEADER_LENGTH) {
            throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': it has "
                    + length + " byte(s), fewer than the " + HEADER_LENGTH
                    + "-byte Confluent header (magic byte 0 + 4-byte schema id)");
        }
        if (data[offset] != MAGIC_BYTE) {
            throw new SerializationException(String.format("Cannot deserialize a record from topic '%s': unknown "
                    + "magic byte 0x%02x, expected 0x00 (Confluent wire format); was it written by another "
                    + "serializer?", topic, data[offset] & 0xff));
        }
        return ByteBuffer.wrap(data, offset + 1, 4).getInt();
    }
}
