package dev.mmwal.bench.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes written to the machine's disks so far, from {@code /sys/block/<dev>/stat} (field 7:
 * sectors written, 512 bytes each), summed over real block devices (loop, ram and zram devices
 * left out). Catches a sync path that writes far more than it commits (a whole large folio per
 * small commit, say), which a latency figure alone hides. Machine-wide: other processes' writes
 * count too, so compare it between systems in one run, not as an absolute. -1 where unavailable.
 */
public final class DiskStats {
    private static final Path SYS_BLOCK = Path.of("/sys/block");

    private DiskStats() {
    }

    public static long bytesWritten() {
        if (!Files.isDirectory(SYS_BLOCK)) {
            return -1;
        }
        long sectors = 0;
        try (DirectoryStream<Path> devices = Files.newDirectoryStream(SYS_BLOCK)) {
            for (final Path device : devices) {
                final String name = device.getFileName().toString();
                if (name.startsWith("loop") || name.startsWith("ram") || name.startsWith("zram")) {
                    continue;
                }
                final Path stat = device.resolve("stat");
                if (Files.isReadable(stat)) {
                    final String[] fields = Files.readString(stat).trim().split("\\s+");
                    if (fields.length > 6) {
                        sectors += Long.parseLong(fields[6]);
                    }
                }
            }
        } catch (final IOException | NumberFormatException ex) {
            return -1;
        }
        return sectors * 512;
    }
}
