package dev.mmwal.consumer.format;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The 40-byte header at the start of every consumer-store record's payload (the payload of an
 * mmwal {@code DATA} record), declared once. One record carries the client, the message id and the
 * data, so a persist's dedup and state change are one atomic append.
 *
 * <pre>
 *   0               4   5   6       8               12              16
 *   +---------------+---+---+-------+---------------+---------------+
 *   | magic         |knd|ver|clntLen| dataLength    | windowSize    |
 *   +---------------+---+---+-------+---------------+---------------+
 *  16                              24                              32
 *   | messageId                     | timestampMillis               |
 *   +-------------------------------+-------------------------------+
 *  32                              40
 *   | windowBits                    | clientId (clntLen bytes, UTF-8), then data (dataLength bytes)
 *   +-------------------------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code magic} (i32): {@link #MAGIC}, so a record some other writer put in the log is
 *   refused by name rather than misread.</li>
 *   <li>{@code kind} (u8, {@link RecordKind}), {@code version} (u8, {@link #VERSION}),
 *   {@code clientIdLength} (u16).</li>
 *   <li>{@code dataLength} (i32): bytes of data after the client id.</li>
 *   <li>{@code windowSize} (i32): the dedup window W the writer used (0 = strict max id).</li>
 *   <li>{@code messageId} (i64): ENTRY: the message's id; SNAPSHOT: the client's max id;
 *   META: 0; CLEAR: the max id removed.</li>
 *   <li>{@code timestampMillis} (i64): wall-clock time of the persist, stored so a replay merges
 *   exactly what the live store merged.</li>
 *   <li>{@code windowBits} (i64): SNAPSHOT with a window: bit {@code i} set when id
 *   {@code messageId - i} was accepted; otherwise 0.</li>
 * </ul>
 * Little-endian, like mmwal's own header; mmwal aligns every payload to 8 bytes, so every field
 * here is naturally aligned. {@code ConsumerRecordDescriptorTest} pins every offset.
 */
public final class ConsumerRecordDescriptor {
    /** "MCS1" read as a little-endian int. */
    public static final int MAGIC = 0x3153434D;
    public static final byte VERSION = 1;

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("magic"),
        ValueLayout.JAVA_BYTE.withName("kind"),
        ValueLayout.JAVA_BYTE.withName("version"),
        ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("clientIdLength"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("dataLength"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("windowSize"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("messageId"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("timestampMillis"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("windowBits"))
        .withName("ConsumerRecordHeader");

    public static final int HEADER_LENGTH = (int)LAYOUT.byteSize();
    /** The most bytes a client id may take (the u16 field's range). */
    public static final int MAX_CLIENT_ID_LENGTH = 0xFFFF;

    public static final int MAGIC_OFFSET = offsetOf("magic");
    public static final int KIND_OFFSET = offsetOf("kind");
    public static final int VERSION_OFFSET = offsetOf("version");
    public static final int CLIENT_ID_LENGTH_OFFSET = offsetOf("clientIdLength");
    public static final int DATA_LENGTH_OFFSET = offsetOf("dataLength");
    public static final int WINDOW_SIZE_OFFSET = offsetOf("windowSize");
    public static final int MESSAGE_ID_OFFSET = offsetOf("messageId");
    public static final int TIMESTAMP_OFFSET = offsetOf("timestampMillis");
    public static final int WINDOW_BITS_OFFSET = offsetOf("windowBits");

    private static final VarHandle MAGIC_VH = handle("magic");
    private static final VarHandle KIND = handle("kind");
    private static final VarHandle VERSION_VH = handle("version");
    private static final VarHandle CLIENT_ID_LENGTH = handle("clientIdLength");
    private static final VarHandle DATA_LENGTH = handle("dataLength");
    private static final VarHandle WINDOW_SIZE = handle("windowSize");
    private static final VarHandle MESSAGE_ID = handle("messageId");
    private static final VarHandle TIMESTAMP = handle("timestampMillis");
    private static final VarHandle WINDOW_BITS = handle("windowBits");

    private ConsumerRecordDescriptor() {
    }

    /** Payload bytes of a record with this client id and data length. */
    public static long payloadLength(final int clientIdLength, final int dataLength) {
        return (long)HEADER_LENGTH + clientIdLength + dataLength;
    }

    /** Offset of the client id bytes, from the payload start. */
    public static long clientIdOffset(final long payloadOffset) {
        return payloadOffset + HEADER_LENGTH;
    }

    /** Offset of the data bytes, from the payload start. */
    public static long dataOffset(final long payloadOffset, final int clientIdLength) {
        return payloadOffset + HEADER_LENGTH + clientIdLength;
    }

    /** Writes every header field at {@code at} (the payload start). */
    public static void writeHeader(final MemorySegment memory, final long at, final byte kind, final int clientIdLength,
                                   final int dataLength, final int windowSize, final long messageId,
                                   final long timestampMillis, final long windowBits) {
        MAGIC_VH.set(memory, at, MAGIC);
        KIND.set(memory, at, kind);
        VERSION_VH.set(memory, at, VERSION);
        CLIENT_ID_LENGTH.set(memory, at, (short)clientIdLength);
        DATA_LENGTH.set(memory, at, dataLength);
        WINDOW_SIZE.set(memory, at, windowSize);
        MESSAGE_ID.set(memory, at, messageId);
        TIMESTAMP.set(memory, at, timestampMillis);
        WINDOW_BITS.set(memory, at, windowBits);
    }

    public static int magic(final MemorySegment memory, final long at) {
        return (int)MAGIC_VH.get(memory, at);
    }

    public static byte kind(final MemorySegment memory, final long at) {
        return (byte)KIND.get(memory, at);
    }

    public static byte version(final MemorySegment memory, final long at) {
        return (byte)VERSION_VH.get(memory, at);
    }

    /** The client id length as an unsigned 16-bit value. */
    public static int clientIdLength(final MemorySegment memory, final long at) {
        return Short.toUnsignedInt((short)CLIENT_ID_LENGTH.get(memory, at));
    }

    public static int dataLength(final MemorySegment memory, final long at) {
        return (int)DATA_LENGTH.get(memory, at);
    }

    public static int windowSize(final MemorySegment memory, final long at) {
        return (int)WINDOW_SIZE.get(memory, at);
    }

    public static long messageId(final MemorySegment memory, final long at) {
        return (long)MESSAGE_ID.get(memory, at);
    }

    public static long timestampMillis(final MemorySegment memory, final long at) {
        return (long)TIMESTAMP.get(memory, at);
    }

    public static long windowBits(final MemorySegment memory, final long at) {
        return (long)WINDOW_BITS.get(memory, at);
    }

    private static int offsetOf(final String name) {
        return (int)LAYOUT.byteOffset(groupElement(name));
    }

    private static VarHandle handle(final String name) {
        return LAYOUT.varHandle(groupElement(name));
    }
}
