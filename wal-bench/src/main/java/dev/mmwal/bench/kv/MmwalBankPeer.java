package dev.mmwal.bench.kv;

import dev.mmwal.kv.KvStore;
import dev.mmwal.kv.SyncMode;
import dev.mmwal.kv.bank.Bank;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** wal-kv running {@link Bank#transfer}: strict 2PL, DURABLE commit through group commit. */
final class MmwalBankPeer implements BankPeer {
    private final KvStore store;
    private final Bank bank;

    MmwalBankPeer(final Path dir) {
        this.store = KvStore.open(Bank.config(dir).build());
        this.bank = Bank.open(store, ACCOUNTS, BALANCE);
    }

    @Override
    public boolean transfer(final SplittableRandom random, final long transferId) {
        return bank.transfer(random, transferId, SyncMode.DURABLE, (id, from, to, amount) -> { }) == Bank.Outcome.COMMITTED;
    }

    @Override
    public void close() {
        store.close();
    }
}
