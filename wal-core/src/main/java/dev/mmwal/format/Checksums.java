package dev.mmwal.format;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C over ranges of a {@link MemorySegment}, through the JDK's intrinsic.
 *
 * <p>Thread-safe: each thread keeps its own {@link CRC32C} and a {@link ByteBuffer} view of the
 * segment it last checksummed, so checksumming records of one segment allocates nothing; moving
 * to another segment allocates one view.
 */
public final class Checksums {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Checksums() {
    }

    /**
     * CRC32C of {@code length} bytes of {@code segment} from {@code offset}.
     *
     * @param segment the bytes.
     * @param offset  the first byte's offset in {@code segment}.
     * @param length  bytes to checksum.
     * @return the CRC32C value, as an int.
     */
    public static int crc32c(final MemorySegment segment, final long offset, final int length) {
        final Scratch scratch = SCRATCH.get();
        final CRC32C crc = scratch.crc;
        crc.reset();
        scratch.update(segment, offset, length);
        return (int)crc.getValue();
    }

    /**
     * The CRC a record header claims: over {@code [recordOffset + 8, recordOffset + 8 + checksummedLength)}
     * followed by the four little-endian bytes of {@code frameLength}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @param type         the record's type code (padding covers only its header).
     * @param frameLength  the record's frame length.
     * @return the CRC32C value the record's {@code crc} field must hold.
     */
    public static int recordCrc(final MemorySegment segment, final long recordOffset, final byte type, final int frameLength) {
        final Scratch scratch = SCRATCH.get();
        final CRC32C crc = scratch.crc;
        crc.reset();
        scratch.update(segment, recordOffset + RecordDescriptor.CRC_COVERAGE_START,
            RecordDescriptor.checksummedLength(type, frameLength));
        crc.update(frameLength);
        crc.update(frameLength >>> 8);
        crc.update(frameLength >>> 16);
        crc.update(frameLength >>> 24);
        return (int)crc.getValue();
    }

    private static final class Scratch {
        final CRC32C crc = new CRC32C();
        MemorySegment viewOf;
        ByteBuffer view;

        void update(final MemorySegment segment, final long offset, final int length) {
            if (segment.byteSize() > Integer.MAX_VALUE) {
                crc.update(segment.asSlice(offset, length).asByteBuffer());
                return;
            }
            if (viewOf != segment) {
                view = segment.asByteBuffer();
                viewOf = segment;
            }
            final ByteBuffer buffer = view;
            buffer.limit((int)(offset + length)).position((int)offset);
            crc.update(buffer);
        }
    }
}
