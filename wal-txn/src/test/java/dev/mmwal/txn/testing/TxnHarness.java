package dev.mmwal.txn.testing;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.txn.RecoveryStats;
import dev.mmwal.txn.TxnConfig;
import dev.mmwal.txn.TxnLog;

import java.nio.file.Path;

/**
 * Opens a log, the transaction layer over it and recovers into a {@link MemPageStore};
 * {@link #crash()} closes both (the log's published records survive, as in a process crash) and
 * drops the store's memory.
 */
public final class TxnHarness implements AutoCloseable {
    public static final long SEGMENT_SIZE = 64 << 10;

    private final Path dir;
    private final TxnConfig config;
    public final MemPageStore store = new MemPageStore();
    public Wal wal;
    public TxnLog log;
    public RecoveryStats recovery;

    public TxnHarness(final Path dir, final TxnConfig config) {
        this.dir = dir;
        this.config = config;
    }

    public TxnHarness(final Path dir) {
        this(dir, TxnConfig.builder().manualCheckpointsOnly().checkpointAfterRecovery(false).build());
    }

    /** Opens and recovers; returns the recovery statistics. */
    public RecoveryStats open() {
        return open(config);
    }

    public RecoveryStats open(final TxnConfig with) {
        wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).build());
        log = TxnLog.open(wal, with);
        store.attach(log);
        recovery = log.recover(store);
        return recovery;
    }

    /** Opens and starts recovery, which must throw (a test hook stops it); the crash follows. */
    public RuntimeException openExpectingFailure(final TxnConfig with) {
        wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).build());
        log = TxnLog.open(wal, with);
        try {
            store.attach(log);
            log.recover(store);
        } catch (final RuntimeException ex) {
            return ex;
        }
        throw new AssertionError("recovery did not stop");
    }

    public void crash() {
        log.close();
        wal.close();
        store.crash();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (wal != null) {
            log.close();
            wal.close();
        }
    }
}
