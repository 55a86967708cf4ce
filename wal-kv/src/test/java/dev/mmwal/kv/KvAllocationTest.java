package dev.mmwal.kv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transfer between existing accounts (begin on a reused transaction, two long reads for update,
 * two long writes, commit) allocates (next to) nothing once compiled. Measured with the thread's
 * allocation counter after a warm-up long enough for C2, best of three windows (a window can
 * catch a compilation on a loaded machine); wal-bench's {@code -prof gc} says the same under JMH.
 * The bound is per transfer, never a speed.
 */
class KvAllocationTest {
    private static final int ACCOUNTS = 64;
    private static final int WARMUP = 40_000;
    private static final int MEASURED = 20_000;
    /**
     * Bytes per transfer allowed. Measured: 0 with commit NONE, 3 with the durable wait (a rare
     * object on the waiting path, such as the first wait's thread-local waiter, spread over the
     * window). One lock key, index key, value copy, image copy or transaction object per operation
     * would be at least 16 B per object, four operations per transfer.
     */
    static final long BOUND_PER_TRANSFER = 16;

    @TempDir
    Path dir;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void shouldAllocateAlmostNothingWhenTransferringBetweenExistingAccounts() {
        try (KvStore store = KvStore.open(KvConfig.builder(dir).maxKeySize(16).maxValueSize(24).segmentSize(64L << 20)
            .manualCheckpointsOnly().build())) {
            final KvTable accounts = store.createTable("accounts");
            KvTxn txn = store.begin();
            for (int account = 0; account < ACCOUNTS; account++) {
                store.putLong(txn, accounts, account, 1_000);
            }
            store.commit(txn, SyncMode.DURABLE);
            for (int i = 0; i < WARMUP; i++) {
                txn = transfer(store, accounts, txn, i, SyncMode.NONE);
            }
            long best = Long.MAX_VALUE;
            for (int window = 0; window < 3 && best > BOUND_PER_TRANSFER * MEASURED; window++) {
                final long before = allocatedBytes();
                for (int i = 0; i < MEASURED; i++) {
                    txn = transfer(store, accounts, txn, i, SyncMode.NONE);
                }
                best = Math.min(best, allocatedBytes() - before);
            }
            final long durable = durableWindow(store, accounts, txn);
            System.out.printf("KvAllocationTest: %d bytes per transfer (commit NONE), %d bytes per durable transfer%n", best / MEASURED,
                durable / 200);
            assertEquals(ACCOUNTS * 1_000L, total(store, accounts), "money conserved");
            assertTrue(best <= BOUND_PER_TRANSFER * MEASURED, "a transfer allocated " + best / MEASURED + " bytes (bound "
                + BOUND_PER_TRANSFER + "): " + best + " bytes over " + MEASURED + " transfers");
            assertTrue(durable <= BOUND_PER_TRANSFER * 200, "a durable transfer allocated " + durable / 200 + " bytes (bound "
                + BOUND_PER_TRANSFER + ")");
        }
    }

    /** 200 transfers with the durable commit wait (group commit): the wait adds nothing. */
    private static long durableWindow(final KvStore store, final KvTable accounts, final KvTxn reuse) {
        KvTxn txn = reuse;
        for (int i = 0; i < 200; i++) {
            txn = transfer(store, accounts, txn, i, SyncMode.DURABLE);
        }
        long best = Long.MAX_VALUE;
        for (int window = 0; window < 3 && best > BOUND_PER_TRANSFER * 200; window++) {
            final long before = allocatedBytes();
            for (int i = 0; i < 200; i++) {
                txn = transfer(store, accounts, txn, i, SyncMode.DURABLE);
            }
            best = Math.min(best, allocatedBytes() - before);
        }
        return best;
    }

    private static KvTxn transfer(final KvStore store, final KvTable accounts, final KvTxn reuse, final int i, final SyncMode mode) {
        final KvTxn txn = store.begin(reuse);
        final int from = i % ACCOUNTS;
        final int to = (i * 7 + 1) % ACCOUNTS == from ? (from + 1) % ACCOUNTS : (i * 7 + 1) % ACCOUNTS;
        final long low = store.getLongForUpdate(txn, accounts, Math.min(from, to), 0);
        final long high = store.getLongForUpdate(txn, accounts, Math.max(from, to), 0);
        final long fromBalance = from < to ? low : high;
        final long toBalance = from < to ? high : low;
        store.putLong(txn, accounts, from, fromBalance - 1);
        store.putLong(txn, accounts, to, toBalance + 1);
        if (fromBalance - 1 < 0) {
            store.rollback(txn);
        } else {
            store.commit(txn, mode);
        }
        return txn;
    }

    private static long total(final KvStore store, final KvTable accounts) {
        final KvTxn txn = store.begin();
        long total = 0;
        for (int account = 0; account < ACCOUNTS; account++) {
            total += store.getLong(txn, accounts, account, 0);
        }
        store.commit(txn, SyncMode.NONE);
        return total;
    }
}
