package dev.mmwal.stress.faults;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.testing.Payloads;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Runs in a child JVM (a fault here must not take the test JVM down): commits a few records, then
 * truncates the live segment file under its mapping to {@code args[1]} bytes (what an operator's
 * {@code truncate}, or a file system losing blocks, does) and keeps appending and committing.
 * Prints {@code ACKED <n>} and then one line per outcome: {@code THREW <exception class>} for the
 * first failing call, {@code FAILED <isFailed>}; exits 0 unless the JVM itself dies.
 */
public final class TruncatedMappingChild {
    private TruncatedMappingChild() {
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        final long truncateTo = Long.parseLong(args[1]);
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(64 << 10).build())) {
            int acked = 0;
            for (int i = 0; i < 20; i++) {
                wal.appendAndCommit(Payloads.bytes(i, 100));
                acked++;
            }
            System.out.println("ACKED " + acked);
            final Path current = dir.resolve(String.format("%016x.wal", wal.tailLsn() & -(64L << 10)));
            try (FileChannel channel = FileChannel.open(current, StandardOpenOption.WRITE)) {
                channel.truncate(truncateTo);
            }
            try {
                for (int i = 20; i < 2_000; i++) {
                    wal.appendAndCommit(Payloads.bytes(i, 100));
                }
                System.out.println("THREW nothing");
            } catch (final RuntimeException ex) {
                System.out.println("THREW " + ex.getClass().getName());
            }
            System.out.println("FAILED " + wal.isFailed());
        } catch (final RuntimeException ex) {
            System.out.println("CLOSE " + ex.getClass().getName());
        }
        System.out.flush();
    }
}
