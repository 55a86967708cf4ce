package dev.mmwal.cli.scan;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * One segment file as found on disk, mapped read-only for the length of a scan.
 *
 * @param path             the file.
 * @param baseLsn          the base LSN its name encodes.
 * @param fileSize         its size in bytes.
 * @param headerValid      whether its header passed every check (magic, version, CRC, base, size).
 * @param sealed           header flag: every record in it is durable (only meaningful with a valid header).
 * @param sealedEndLsn     header: the end of its records when sealed.
 * @param durableWatermark header: a durable LSN the writer recorded here.
 * @param createdMillis    header: when the writer created it.
 * @param memory           the read-only mapping of the whole file.
 */
public record SegmentInfo(Path path, long baseLsn, long fileSize, boolean headerValid, boolean sealed, long sealedEndLsn,
                          long durableWatermark, long createdMillis, MemorySegment memory) {
    public String fileName() {
        return path.getFileName().toString();
    }

    /** The highest LSN this header proves durable (0 when its header is not valid). */
    public long durablePoint() {
        if (!headerValid) {
            return 0;
        }
        return Math.max(durableWatermark, sealed ? sealedEndLsn : 0);
    }
}
