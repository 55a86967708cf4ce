package dev.mmwal.consumer.internal;

import dev.mmwal.LogRecord;
import dev.mmwal.consumer.ConsumerStoreException;
import dev.mmwal.consumer.format.ConsumerRecordDescriptor;
import dev.mmwal.consumer.format.RecordKind;
import dev.mmwal.format.RecordType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A checked view of one consumer-store record inside an mmwal {@link LogRecord}: {@link #wrap}
 * validates the payload header against the record (magic, version, kind, lengths) and refuses
 * anything else by name. Single-threaded; reuse one per reader.
 */
public final class RecordView {
    private LogRecord record;
    private MemorySegment buffer;
    private long at;

    /**
     * Points the view at {@code logRecord}.
     *
     * @throws ConsumerStoreException when the record is not a consumer-store record of this version.
     */
    public RecordView wrap(final LogRecord logRecord, final String where) {
        record = logRecord;
        buffer = logRecord.buffer();
        at = logRecord.payloadOffset();
        if (logRecord.type() != RecordType.DATA) {
            throw notOurs(where, "record type is not DATA: type=" + logRecord.typeName());
        }
        if (logRecord.payloadLength() < ConsumerRecordDescriptor.HEADER_LENGTH
            || ConsumerRecordDescriptor.magic(buffer, at) != ConsumerRecordDescriptor.MAGIC) {
            throw notOurs(where, "no consumer-store magic");
        }
        final byte version = ConsumerRecordDescriptor.version(buffer, at);
        if (version != ConsumerRecordDescriptor.VERSION) {
            throw notOurs(where, "unsupported record version: version=" + version + ", supported=" + ConsumerRecordDescriptor.VERSION);
        }
        if (!RecordKind.isValid(kind())) {
            throw notOurs(where, "unknown record kind: kind=" + RecordKind.name(kind()));
        }
        final long expected = ConsumerRecordDescriptor.payloadLength(clientIdLength(), dataLength());
        if (dataLength() < 0 || expected != logRecord.payloadLength()) {
            throw notOurs(where, "lengths do not add up: clientIdLength=" + clientIdLength() + ", dataLength=" + dataLength()
                + ", payloadLength=" + logRecord.payloadLength());
        }
        return this;
    }

    private ConsumerStoreException notOurs(final String where, final String reason) {
        return new ConsumerStoreException("not a record of this consumer store (files of another store or version?): dir=" + where
            + ", lsn=" + record.lsn() + ", reason=" + reason);
    }

    public long lsn() {
        return record.lsn();
    }

    public byte kind() {
        return ConsumerRecordDescriptor.kind(buffer, at);
    }

    public int clientIdLength() {
        return ConsumerRecordDescriptor.clientIdLength(buffer, at);
    }

    public int dataLength() {
        return ConsumerRecordDescriptor.dataLength(buffer, at);
    }

    public int windowSize() {
        return ConsumerRecordDescriptor.windowSize(buffer, at);
    }

    public long messageId() {
        return ConsumerRecordDescriptor.messageId(buffer, at);
    }

    public long timestampMillis() {
        return ConsumerRecordDescriptor.timestampMillis(buffer, at);
    }

    public long windowBits() {
        return ConsumerRecordDescriptor.windowBits(buffer, at);
    }

    /** The client id (allocates a string). */
    public String clientId() {
        final byte[] bytes = new byte[clientIdLength()];
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, ConsumerRecordDescriptor.clientIdOffset(at), bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A copy of the data. */
    public byte[] data() {
        final byte[] bytes = new byte[dataLength()];
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, ConsumerRecordDescriptor.dataOffset(at, clientIdLength()), bytes, 0, bytes.length);
        return bytes;
    }
}
