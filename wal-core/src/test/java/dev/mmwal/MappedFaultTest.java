package dev.mmwal;

import dev.mmwal.format.SegmentDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A segment truncated under the live mapping: the store faults (SIGBUS), the log fails stop, the JVM lives. */
class MappedFaultTest {
    @TempDir
    Path dir;

    @Test
    void shouldFailStopNotCrashWhenSegmentIsTruncatedUnderTheMapping() throws Exception {
        final Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(1 << 20).pretouchBytes(0).build());
        try {
            final long lsn = wal.appendAndCommit(new byte[100]);
            try (FileChannel channel = FileChannel.open(dir.resolve(SegmentDescriptor.fileName(0)), StandardOpenOption.WRITE)) {
                channel.truncate(4096);
            }
            final WalFailedException ex = assertThrows(WalFailedException.class, () -> {
                for (int i = 0; i < 1_000; i++) {
                    wal.append(new byte[1000]);
                }
            });
            assertInstanceOf(InternalError.class, ex.getCause(), ex.toString());
            assertTrue(wal.isFailed());
            assertThrows(WalFailedException.class, () -> wal.awaitDurable(lsn + 1000));
        } finally {
            try {
                wal.close();
            } catch (final WalException ignored) {
                // the log failed; close still releases the mapping and the lock
            }
        }
    }
}
