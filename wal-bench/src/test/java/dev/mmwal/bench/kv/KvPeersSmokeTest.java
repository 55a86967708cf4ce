package dev.mmwal.bench.kv;

import dev.mmwal.bench.support.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kv peer opens, runs a few operations from one thread and closes, so a change in wal-kv or a
 * peer's library breaks the build here rather than in the middle of a benchmark run. Not a
 * benchmark: a handful of operations each on 2,000 rows.
 */
class KvPeersSmokeTest {
    /** Rows the ops peers load here: two load transactions, not the benchmark's 100,000. */
    private static final int ROWS = 2 * OpsRows.LOAD_BATCH;

    @TempDir
    Path dir;

    static Stream<String> systems() {
        return Stream.of(BankPeer.SYSTEMS);
    }

    @ParameterizedTest
    @MethodSource("systems")
    void shouldConserveMoneyWhenTransfersCommit(final String system) {
        try (BankPeer peer = BankPeer.open(system, dir)) {
            final SplittableRandom random = new SplittableRandom(5);
            int committed = 0;
            for (int transfer = 0; transfer < 20; transfer++) {
                committed += peer.transfer(random, transfer) ? 1 : 0;
            }
            assertTrue(committed > 0, "no transfer committed: system=" + system);
            assertEquals(BankPeer.ACCOUNTS * BankPeer.BALANCE, peer.totalBalance(), "money not conserved: system=" + system);
        }
    }

    @ParameterizedTest
    @MethodSource("systems")
    void shouldGetPutAndScanWhenLoaded(final String system) {
        final byte[] value = Payloads.random(OpsRows.VALUE_SIZE, 7);
        try (OpsPeer peer = OpsPeer.open(system, dir, value, ROWS)) {
            assertEquals(OpsRows.VALUE_SIZE, peer.get(0), "first key: system=" + system);
            assertEquals(OpsRows.VALUE_SIZE, peer.get(ROWS - 1), "last key: system=" + system);
            assertEquals(-1, peer.get(ROWS), "a key never loaded: system=" + system);
            peer.put(42, new byte[] {1, 2, 3});
            assertEquals(3, peer.get(42), "a put is visible to the next get: system=" + system);
            assertEquals(OpsPeer.SCAN_ROWS, peer.scan(0), "scan from the first key: system=" + system);
            assertEquals(OpsPeer.SCAN_ROWS, peer.scan(ROWS - OpsPeer.SCAN_ROWS), "scan to the last key: system=" + system);
            assertEquals(1, peer.scan(ROWS - 1), "scan stops at the table's end: system=" + system);
        }
    }

    @Test
    void shouldOrderKeysNumericallyWhenEncoded() {
        assertEquals("k000000000000000", new String(OpsRows.key(0), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("k000000000099999", new String(OpsRows.key(99_999), java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(java.util.Arrays.compareUnsigned(OpsRows.key(9), OpsRows.key(10)) < 0);
        assertThrows(IllegalArgumentException.class, () -> OpsRows.key(-1));
    }

    @Test
    void shouldRefuseUnknownSystems() {
        final IllegalArgumentException bank = assertThrows(IllegalArgumentException.class, () -> BankPeer.open("sqlite", dir));
        assertTrue(bank.getMessage().contains("system=sqlite"), bank.getMessage());
        final IllegalArgumentException ops = assertThrows(IllegalArgumentException.class, () -> OpsPeer.open("sqlite", dir, new byte[1], 1));
        assertTrue(ops.getMessage().contains("system=sqlite"), ops.getMessage());
    }
}
