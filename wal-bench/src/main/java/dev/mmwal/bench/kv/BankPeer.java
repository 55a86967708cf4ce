package dev.mmwal.bench.kv;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** One system running the bank: a transfer between two random accounts, committed durably. */
interface BankPeer extends AutoCloseable {
    int ACCOUNTS = 10_000;
    long BALANCE = 1_000;
    /** The {@code system} values {@link #open} knows, in the order the benchmarks list them. */
    String[] SYSTEMS = {"mmwal", "rocksdb", "lmdb", "h2"};

    /** Opens {@code system} in the empty directory {@code dir}, with {@link #ACCOUNTS} accounts of {@link #BALANCE}. */
    static BankPeer open(final String system, final Path dir) {
        return switch (system) {
            case "mmwal" -> new MmwalBankPeer(dir);
            case "rocksdb" -> new RocksBankPeer(dir);
            case "lmdb" -> new LmdbBankPeer(dir);
            case "h2" -> new H2BankPeer(dir);
            default -> throw new IllegalArgumentException("unknown bank system: system=" + system + ", expected=mmwal|rocksdb|lmdb|h2");
        };
    }

    /** One transfer; returns whether it committed (false: rejected for funds, or a lock conflict). */
    boolean transfer(SplittableRandom random, long transferId);

    /** The sum of every committed balance (constant: transfers move money, never make it). */
    long totalBalance();

    @Override
    void close();
}
