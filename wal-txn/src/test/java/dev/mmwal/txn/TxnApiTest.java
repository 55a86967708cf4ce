package dev.mmwal.txn;

import dev.mmwal.ReadOnlyWal;
import dev.mmwal.txn.testing.MemPageStore;
import dev.mmwal.txn.testing.TxnHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TxnApiTest {
    @TempDir
    Path dir;

    @Test
    void shouldRecoverZeroCopyUpdateWhenEncodedIntoClaim() {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            final Transaction txn = h.log.begin();
            final UpdateClaim claim = new UpdateClaim();
            final long lsn = h.log.tryClaimUpdate(txn, 7, 12, 4, 4, claim);
            assertTrue(lsn > 0);
            for (int i = 0; i < 4; i++) {
                claim.buffer().set(ValueLayout.JAVA_BYTE, claim.beforeOffset() + i, (byte)0);
                claim.buffer().set(ValueLayout.JAVA_BYTE, claim.afterOffset() + i, (byte)(40 + i));
            }
            assertEquals(lsn, claim.commit());
            assertEquals(lsn, txn.lastLsn());
            h.log.commit(txn);
            h.crash();
            h.open();
            final byte[] expected = new byte[MemPageStore.PAGE_SIZE];
            for (int i = 0; i < 4; i++) {
                expected[12 + i] = (byte)(40 + i);
            }
            assertArrayEquals(expected, h.store.read(7));
        }
    }

    @Test
    void shouldRestartAFinishedTransactionInPlaceWhenReused() {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            final Transaction txn = h.log.begin();
            final IllegalStateException active = assertThrows(IllegalStateException.class, () -> h.log.begin(txn));
            assertTrue(active.getMessage().startsWith("transaction to reuse is not finished: txnId=" + txn.id()), active.getMessage());
            h.store.write(h.log, txn, 1, 0, new byte[] {1});
            h.log.commit(txn);
            final long committedId = txn.id();
            assertTrue(h.log.begin(txn) == txn);
            assertTrue(txn.id() > committedId);
            assertTrue(txn.isActive());
            assertEquals(0, txn.lastLsn());
            h.store.write(h.log, txn, 1, 0, new byte[] {2});
            h.log.abort(txn); // stays in the table (ENDED) until a checkpoint: reused in place
            final long abortedId = h.log.begin(txn).id();
            h.store.write(h.log, txn, 2, 0, new byte[] {3});
            assertEquals(1, h.log.checkpoint().transactions()); // the checkpoint sees the live reuse, not the ended one
            h.crash();
            h.open(); // the reused transaction never committed: a loser
            assertEquals(1, h.store.read(1)[0]);
            assertEquals(0, h.store.read(2)[0]);
            assertTrue(abortedId > committedId);
        }
    }

    @Test
    void shouldRefuseTransactionsWhenNotRecovered() {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            h.crash();
            h.wal = dev.mmwal.Wal.open(dev.mmwal.WalConfig.builder(dir).segmentSize(TxnHarness.SEGMENT_SIZE).build());
            h.log = TxnLog.open(h.wal);
            final IllegalStateException ex = assertThrows(IllegalStateException.class, h.log::begin);
            assertTrue(ex.getMessage().startsWith("recover(handler) must run"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseUpdateWhenTransactionCommitted() {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            final Transaction txn = h.log.begin();
            h.log.commit(txn);
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> h.log.update(txn, 1, 0, new byte[1], new byte[1]));
            assertEquals("transaction is not active: txnId=" + txn.id() + ", status=COMMITTED", ex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> h.log.update(h.log.begin(), 1, 70_000, new byte[1], new byte[1]));
        }
    }

    @Test
    void shouldPlanLosersAndClrsWhenDryRunWritesNothing() throws Exception {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            final Transaction winner = h.log.begin();
            h.store.write(h.log, winner, 1, 0, new byte[] {1});
            h.log.commit(winner);
            h.log.checkpoint();
            final Transaction loser = h.log.begin();
            h.store.write(h.log, loser, 2, 0, new byte[] {2});
            h.store.write(h.log, loser, 3, 0, new byte[] {3});
            final long loserLast = h.store.write(h.log, loser, 2, 1, new byte[] {4});
            h.crash();
            final long before = Files.size(dir.resolve("txn.control"));
            final byte[] control = Files.readAllBytes(dir.resolve("txn.control"));
            try (ReadOnlyWal ro = ReadOnlyWal.open(dir)) {
                final RecoveryPlan plan = RecoveryPlanner.plan(ro);
                assertEquals(1, plan.losers().size());
                assertEquals(loser.id(), plan.losers().getFirst().txnId());
                assertEquals(loserLast, plan.losers().getFirst().lastLsn());
                assertEquals(3, plan.clrsToWrite());
                assertEquals(3, plan.dirtyPages().size(), plan.toString());
                assertNull(plan.tornTail());
                assertTrue(plan.redoStartLsn() <= plan.scanStartLsn());
            }
            assertEquals(before, Files.size(dir.resolve("txn.control")));
            assertArrayEquals(control, Files.readAllBytes(dir.resolve("txn.control")));
            final RecoveryStats stats = h.open();
            assertEquals(3, stats.clrsWritten());
        }
    }
}
