package dev.mmwal.cli.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes a block device has written, from {@code /sys/dev/block/MAJOR:MINOR/stat} (field 7: sectors
 * written, in 512-byte units). Counts every writer on the device, so a probe's figure is an upper bound.
 */
final class DeviceCounters {
    private static final int SECTORS_WRITTEN = 6;
    private static final long SECTOR = 512;

    private final Path stat;

    private DeviceCounters(final Path stat) {
        this.stat = stat;
    }

    /** Counters for the device {@code major:minor}, or null where the kernel has none (tmpfs, overlay). */
    static DeviceCounters of(final String device) {
        final Path stat = Path.of("/sys/dev/block", device, "stat");
        return Files.isReadable(stat) ? new DeviceCounters(stat) : null;
    }

    /** Bytes written to the device since boot, or -1 when unreadable. */
    long bytesWritten() {
        try {
            final String[] fields = Files.readString(stat).trim().split("\\s+");
            return fields.length > SECTORS_WRITTEN ? Long.parseLong(fields[SECTORS_WRITTEN]) * SECTOR : -1;
        } catch (final IOException | NumberFormatException ex) {
            return -1;
        }
    }
}
