package dev.mmwal;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.internal.log.RecordWriter;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a record reaches a segment goes through the one record writer: its probe sees each
 * entry point's record commit at the LSN the entry point returns, and a fault injected at the
 * writer's commit reaches every append entry point as {@link WalFailedException}.
 */
class OneWriterTest {
    private static final long SEGMENT = 64 << 10;
    private static final byte TXN_TYPE = 0x12;

    @TempDir
    Path dir;

    @AfterEach
    void removeProbe() {
        RecordWriter.probeForTests(RecordWriter.Probe.NONE);
    }

    private static Map<String, ToLongFunction<Wal>> entryPoints(final Arena arena) {
        final Map<String, ToLongFunction<Wal>> paths = new LinkedHashMap<>();
        final byte[] bytes = Payloads.bytes(7, 40);
        final MemorySegment offHeap = arena.allocate(40);
        paths.put("append(byte[])", wal -> wal.append(bytes));
        paths.put("append(byte[], off, len)", wal -> wal.append(bytes, 4, 30));
        paths.put("append(heap ByteBuffer)", wal -> wal.append(ByteBuffer.wrap(bytes)));
        paths.put("append(direct ByteBuffer)", wal -> wal.append(ByteBuffer.allocateDirect(40)));
        paths.put("append(MemorySegment)", wal -> wal.append(offHeap));
        paths.put("append(MemorySegment, NONE)", wal -> wal.append(offHeap, Durability.NONE));
        paths.put("append(type, txn, prev, page, ...)", wal -> wal.append(TXN_TYPE, 1, 0, 2, offHeap, 0, 40));
        paths.put("append(full form)", wal -> wal.append(TXN_TYPE, 1, 0, 2, (byte)1, 3, 8, offHeap, 0, 40));
        paths.put("appendAndCommit(byte[])", wal -> wal.appendAndCommit(bytes));
        paths.put("appendAndCommit(MemorySegment)", wal -> wal.appendAndCommit(offHeap));
        paths.put("tryClaim + commit", wal -> {
            final AppendClaim claim = new AppendClaim();
            while (wal.tryClaim(40, claim) < 0) {
                Thread.onSpinWait();
            }
            claim.type(TXN_TYPE);
            return claim.commit();
        });
        paths.put("tryClaim + abort", wal -> {
            final AppendClaim claim = new AppendClaim();
            long lsn;
            while ((lsn = wal.tryClaim(40, claim)) < 0) {
                Thread.onSpinWait();
            }
            claim.abort();
            return lsn;
        });
        return paths;
    }

    private record Seen(long offset, byte type) {
    }

    @Test
    void shouldCommitEveryEntryPointsRecordThroughTheWriter() {
        final List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        RecordWriter.probeForTests(new RecordWriter.Probe() {
            @Override
            public void beforeChecksum(final MemorySegment memory, final long offset, final byte type) {
                seen.add(new Seen(offset, type));
            }
        });
        try (Arena arena = Arena.ofConfined(); Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            for (final Map.Entry<String, ToLongFunction<Wal>> path : entryPoints(arena).entrySet()) {
                seen.clear();
                final long lsn = path.getValue().applyAsLong(wal);
                assertEquals(List.of(new Seen(lsn & (SEGMENT - 1), recordType(path.getKey()))), List.copyOf(seen), path.getKey());
            }
            seen.clear();
            final long before = wal.tailLsn();
            final long rolled = wal.append(new byte[(int)(SEGMENT - (before & (SEGMENT - 1)))]);
            assertTrue(seen.contains(new Seen(before & (SEGMENT - 1), RecordType.PADDING)), "a roll pads the old segment's tail through the writer: " + seen);
            assertTrue(seen.contains(new Seen(rolled & (SEGMENT - 1), RecordType.DATA)), "then the record itself: " + seen);
        }
    }

    /** The type each entry point's record gets. */
    private static byte recordType(final String path) {
        if (path.startsWith("append(type") || path.startsWith("append(full") || path.equals("tryClaim + commit")) {
            return TXN_TYPE;
        }
        return path.equals("tryClaim + abort") ? RecordType.PADDING : RecordType.DATA;
    }

    @Test
    void shouldFailEveryAppendEntryPointWhenTheWriterFaults() {
        final AtomicBoolean armed = new AtomicBoolean();
        RecordWriter.probeForTests(new RecordWriter.Probe() {
            @Override
            public void beforePublish(final MemorySegment memory, final long offset, final byte type) {
                if (armed.get()) {
                    throw new InternalError("injected fault at the record writer's commit");
                }
            }
        });
        try (Arena arena = Arena.ofConfined()) {
            int n = 0;
            for (final Map.Entry<String, ToLongFunction<Wal>> path : entryPoints(arena).entrySet()) {
                final Path log = dir.resolve("log-" + n++);
                armed.set(false);
                final Wal wal = Wal.open(WalConfig.builder(log).segmentSize(SEGMENT).build());
                armed.set(true);
                final WalFailedException ex = assertThrows(WalFailedException.class, () -> path.getValue().applyAsLong(wal), path.getKey());
                assertTrue(ex.getCause() instanceof InternalError || ex.getCause() != null, path.getKey() + ": " + ex);
                assertTrue(wal.isFailed(), path.getKey() + ": fail-stop");
                armed.set(false);
                wal.close();
            }
        }
    }

    @Test
    void shouldPadAnUnpublishedReservationThroughTheWriterWhenRecovering() {
        final List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        final long[] hole = new long[1];
        final Wal crashed = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).closeDrainNanos(50_000_000).build());
        crashed.appendAndCommit(Payloads.bytes(1, 10));
        hole[0] = crashed.tryClaim(100, new AppendClaim());
        crashed.append(Payloads.bytes(2, 10));
        // close cannot drain a claim never committed: it gives up and reports it, leaving the hole as a crash would
        assertThrows(WalException.class, crashed::close);
        RecordWriter.probeForTests(new RecordWriter.Probe() {
            @Override
            public void beforeChecksum(final MemorySegment memory, final long offset, final byte type) {
                seen.add(new Seen(offset, type));
            }
        });
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            assertEquals(1, wal.recoveryReport().bridged().size(), wal.recoveryReport().toString());
            assertTrue(seen.contains(new Seen(hole[0], RecordType.PADDING)), "recovery pads through the writer: " + seen);
        }
        assertTrue(hole[0] > 0 && hole[0] < SEGMENT - RecordDescriptor.HEADER_LENGTH);
    }

}
