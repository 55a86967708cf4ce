package dev.mmwal.bench.kv;

import dev.mmwal.kv.KvCodec;
import dev.mmwal.kv.KvEntry;
import dev.mmwal.kv.KvStore;
import dev.mmwal.kv.KvTable;
import dev.mmwal.kv.KvTxn;
import dev.mmwal.kv.SyncMode;
import dev.mmwal.kv.bank.Bank;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** wal-kv running {@link Bank#transfer}: strict 2PL, DURABLE commit through group commit; the bank's store settings. */
final class MmwalBankPeer implements BankPeer {
    private final KvStore store;
    private final Bank bank;

    MmwalBankPeer(final Path dir) {
        // -Dbank.checkpointMillis=N changes the checkpoint interval (0: only at open and close), to see its cost
        this.store = KvStore.open(Bank.config(dir).checkpointEveryMillis(Long.getLong("bank.checkpointMillis", 2000)).build());
        this.bank = Bank.open(store, ACCOUNTS, BALANCE);
    }

    @Override
    public boolean transfer(final SplittableRandom random, final long transferId) {
        return bank.transfer(random, transferId, SyncMode.DURABLE, (id, from, to, amount) -> { }) == Bank.Outcome.COMMITTED;
    }

    @Override
    public long totalBalance() {
        final KvTable accounts = store.table("accounts");
        final KvTxn txn = store.begin();
        try {
            long total = 0;
            for (final KvEntry row : store.scan(txn, accounts, null, null)) {
                total += KvCodec.toLong(row.value());
            }
            return total;
        } finally {
            store.commit(txn, SyncMode.NONE);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
