package dev.mmwal.bench.kv;

import java.util.SplittableRandom;

/** One system running the bank: a transfer between two random accounts, committed durably. */
interface BankPeer extends AutoCloseable {
    int ACCOUNTS = 10_000;
    long BALANCE = 1_000;

    /** One transfer; returns whether it committed (false: rejected for funds, or a lock conflict). */
    boolean transfer(SplittableRandom random, long transferId);

    @Override
    void close();
}
