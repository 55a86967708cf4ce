package dev.mmwal.cli.recover;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.cli.Cli;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.JsonParser;
import dev.mmwal.txn.RecoveryHandler;
import dev.mmwal.txn.Transaction;
import dev.mmwal.txn.TxnConfig;
import dev.mmwal.txn.TxnLog;
import dev.mmwal.txn.TxnRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoverCommandTest {
    @TempDir
    Path dir;

    /** A page store that keeps nothing: enough to write a log with a loser. */
    private static final class NoPages implements RecoveryHandler {
        @Override
        public long pageLsn(final long pageId) {
            return 0;
        }

        @Override
        public void redo(final TxnRecord record) {
        }

        @Override
        public void undo(final TxnRecord update, final Compensation clr) {
            clr.log();
        }

        @Override
        public void dirtyPages(final DirtyPageSink sink) {
            sink.dirtyPage(42, 128);
        }
    }

    private long writeLogWithLoser() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(64 << 10).build());
             TxnLog log = TxnLog.open(wal, TxnConfig.builder().manualCheckpointsOnly().checkpointAfterRecovery(false).build())) {
            log.recover(new NoPages());
            final Transaction winner = log.begin();
            log.update(winner, 1, 0, new byte[2], new byte[] {1, 2});
            log.commit(winner);
            log.checkpoint();
            final Transaction loser = log.begin();
            log.update(loser, 2, 0, new byte[2], new byte[] {3, 4});
            log.update(loser, 3, 8, new byte[2], new byte[] {5, 6});
            return loser.id();
        }
    }

    @Test
    void shouldPrintLosersAndClrsWhenDryRunAsJson() throws Exception {
        final long loser = writeLogWithLoser();
        final byte[] control = Files.readAllBytes(dir.resolve("txn.control"));
        final Cli.Run run = Cli.run("recover", "--dry-run", dir.toString(), "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        final Map<String, Object> json = JsonParser.object(run.out());
        assertEquals(2.0, json.get("clrsToWrite"));
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> losers = (List<Map<String, Object>>)json.get("losers");
        assertEquals(1, losers.size());
        assertEquals((double)loser, losers.getFirst().get("txnId"));
        assertEquals("ACTIVE", losers.getFirst().get("status"));
        assertTrue((double)json.get("checkpointLsn") > 0);
        assertArrayEquals(control, Files.readAllBytes(dir.resolve("txn.control")), "dry run writes nothing");
    }

    @Test
    void shouldPrintPlanWhenDryRunAsText() {
        writeLogWithLoser();
        final Cli.Run run = Cli.run("recover", "--dry-run", dir.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("undo: 1 loser(s), 2 CLR(s) to write, then 1 END record(s)"), run::toString);
        assertTrue(run.out().contains("dirty pages (pageId: recLsn):"), run::toString);
    }

    @Test
    void shouldRefuseWhenDryRunIsMissing() {
        writeLogWithLoser();
        final Cli.Run run = Cli.run("recover", dir.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("recover runs only with --dry-run"), run::toString);
    }
}
