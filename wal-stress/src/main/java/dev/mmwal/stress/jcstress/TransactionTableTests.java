package dev.mmwal.stress.jcstress;

import dev.mmwal.txn.internal.TransactionTable;
import dev.mmwal.txn.internal.TxnState;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.JJ_Result;

import java.util.concurrent.atomic.AtomicLong;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * wal-txn's transaction table and the fuzzy-checkpoint protocol. The log's tail is modelled by an
 * {@link AtomicLong} reserved with one atomic add, as wal-core reserves with one CAS: what matters
 * is that a reservation is a sequentially consistent read-modify-write of one location.
 */
public final class TransactionTableTests {
    private TransactionTableTests() {
    }

    @JCStressTest
    @Description("Two threads begin at once: each transaction gets its own id.")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "first actor allocated first")
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "second actor allocated first")
    @Outcome(expect = FORBIDDEN, desc = "an id was handed out twice or skipped")
    @State
    public static class IdsAreUnique {
        final TransactionTable table = new TransactionTable(1);

        @Actor
        public void first(final JJ_Result r) {
            r.r1 = table.begin().id();
        }

        @Actor
        public void second(final JJ_Result r) {
            r.r2 = table.begin().id();
        }
    }

    @JCStressTest
    @Description("A transaction logs a record under its lock while a checkpoint reserves CHECKPOINT_BEGIN and snapshots it: "
        + "a record reserved before the BEGIN is in the snapshot.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "record before BEGIN; the snapshot names it")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "record after BEGIN (analysis scans it); the snapshot does not name it")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "record after BEGIN; the snapshot already names it (analysis rescans it: harmless)")
    @Outcome(expect = FORBIDDEN, desc = "record before BEGIN missing from the snapshot: recovery would lose it")
    @State
    public static class SnapshotSeesRecordBeforeBegin {
        final AtomicLong tail = new AtomicLong(128);
        final TxnState txn = new TransactionTable(1).begin();
        long recordLsn;
        long beginLsn;
        long seenLastLsn;

        @Actor
        public void owner() {
            txn.lock();
            try {
                final long lsn = tail.getAndAdd(64);
                txn.loggedUndoable(lsn);
                recordLsn = lsn;
            } finally {
                txn.unlockRelease();
            }
        }

        @Actor
        public void checkpointer() {
            beginLsn = tail.getAndAdd(48);
            txn.lock();
            try {
                seenLastLsn = txn.lastLsn();
            } finally {
                txn.unlockRelease();
            }
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r1 = recordLsn < beginLsn ? 1 : 0;
            r.r2 = seenLastLsn == recordLsn ? 1 : 0;
        }
    }

    @JCStressTest
    @Description("A transaction begins, then reserves its first record, while a checkpoint reserves BEGIN and iterates the "
        + "table: a transaction with a record before BEGIN is found by the iteration.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "first record before BEGIN; the iteration found the transaction")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "first record after BEGIN; not found (analysis scans it)")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "first record after BEGIN; found anyway")
    @Outcome(expect = FORBIDDEN, desc = "a transaction with a record before BEGIN was missed by the checkpoint")
    @State
    public static class BegunTransactionIsIterated {
        final AtomicLong tail = new AtomicLong(128);
        final TransactionTable table = new TransactionTable(1);
        volatile long recordLsn;
        long beginLsn;
        int found;

        @Actor
        public void owner() {
            final TxnState txn = table.begin();
            txn.lock();
            try {
                recordLsn = tail.getAndAdd(64);
            } finally {
                txn.unlockRelease();
            }
        }

        @Actor
        public void checkpointer() {
            beginLsn = tail.getAndAdd(48);
            final int[] count = {0};
            table.forEach(txn -> count[0]++);
            found = count[0];
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r1 = recordLsn < beginLsn ? 1 : 0;
            r.r2 = found;
        }
    }

    @JCStressTest
    @Description("A committed transaction (removed from the table) is restarted in place by renew, then reserves its first "
        + "record, while a checkpoint reserves BEGIN and iterates the table: a renewed transaction with a record before "
        + "BEGIN is found, under its new id.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "first record before BEGIN; the iteration found the renewed transaction")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "first record after BEGIN; not found (analysis scans it)")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "first record after BEGIN; found anyway")
    @Outcome(expect = FORBIDDEN, desc = "a renewed transaction with a record before BEGIN was missed, or seen under its old id")
    @State
    public static class RenewedTransactionIsIterated {
        final AtomicLong tail = new AtomicLong(128);
        final TransactionTable table = new TransactionTable(1);
        final TxnState txn = finished(table);
        volatile long recordLsn;
        long beginLsn;
        int found;

        private static TxnState finished(final TransactionTable table) {
            final TxnState state = table.begin();
            state.status(TxnState.COMMITTED);
            table.remove(state);
            return state;
        }

        @Actor
        public void owner() {
            table.renew(txn);
            txn.lock();
            try {
                recordLsn = tail.getAndAdd(64);
            } finally {
                txn.unlockRelease();
            }
        }

        @Actor
        public void checkpointer() {
            beginLsn = tail.getAndAdd(48);
            final int[] count = {0};
            table.forEach(state -> {
                state.lock();
                try {
                    count[0] += state.id() == 2 && state.isActive() ? 1 : 0;
                } finally {
                    state.unlockRelease();
                }
            });
            found = count[0];
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r1 = recordLsn < beginLsn ? 1 : 0;
            r.r2 = found;
        }
    }
}
