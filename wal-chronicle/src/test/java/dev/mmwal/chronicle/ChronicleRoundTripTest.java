package dev.mmwal.chronicle;

import dev.mmwal.AppendClaim;
import dev.mmwal.LogRecord;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalReader;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** BytesMarshallable objects encoded through claims into a real log and decoded by a reader. */
class ChronicleRoundTripTest {
    private static final int COUNT = 5_000;

    @TempDir
    Path dir;

    static long claim(final Wal wal, final int payloadLength, final AppendClaim claim) {
        long lsn;
        while ((lsn = wal.tryClaim(payloadLength, claim)) == Wal.BACK_PRESSURED) {
            Thread.onSpinWait();
        }
        if (lsn < 0) {
            fail("tryClaim failed: status=" + lsn);
        }
        return lsn;
    }

    static String symbol(final int i) {
        return "SYM" + i % 97;
    }

    @Test
    void shouldDecodeEveryObjectEncodedThroughClaims() {
        final long[] lsns = new long[COUNT];
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(1L << 20).build());
             ClaimBytes out = new ClaimBytes();
             RecordBytes in = new RecordBytes()) {
            final AppendClaim claim = new AppendClaim();
            final Trade trade = new Trade();
            for (int i = 0; i < COUNT; i++) {
                trade.set(i, i * 0.25, i % 1000, symbol(i));
                lsns[i] = claim(wal, trade.encodedLength(), claim);
                assertEquals(trade.encodedLength(), out.write(claim, trade));
                assertEquals(lsns[i], claim.commit());
            }
            wal.flush();

            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            final Trade decoded = new Trade();
            for (int i = 0; i < COUNT; i++) {
                assertTrue(reader.next(record), "record missing: index=" + i);
                assertEquals(lsns[i], record.lsn());
                assertSame(decoded, in.read(record, decoded));
                assertEquals(i, decoded.id);
                assertEquals(i * 0.25, decoded.price);
                assertEquals(i % 1000, decoded.quantity);
                assertEquals(symbol(i), decoded.symbol);
            }
            assertFalse(reader.next(record));
        }
    }

    @Test
    void shouldReuseOneBytesObjectForEveryClaimAndRecord() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(1L << 20).build());
             ClaimBytes out = new ClaimBytes();
             RecordBytes in = new RecordBytes()) {
            final AppendClaim claim = new AppendClaim();
            claim(wal, 16, claim);
            final Bytes<Void> first = out.wrap(claim);
            first.writeLong(1).writeLong(2);
            claim.commit();
            claim(wal, 8, claim);
            final Bytes<Void> second = out.wrap(claim);
            assertSame(first, second);
            assertEquals(0, second.writePosition());
            assertEquals(8, second.writeLimit());
            second.writeLong(3);
            claim.commit();
            claim(wal, 24, claim);
            final Bytes<Void> longer = out.wrap(claim);
            assertEquals(24, longer.writeLimit(), "a longer payload after a shorter one gets its whole length");
            longer.writeLong(4).writeLong(5).writeLong(6);
            claim.commit();

            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            assertTrue(reader.next(record));
            final Bytes<Void> view = in.wrap(record);
            assertEquals(16, view.readRemaining());
            assertEquals(1, view.readLong());
            assertEquals(2, view.readLong());
            assertTrue(reader.next(record));
            assertSame(view, in.wrap(record));
            assertEquals(8, view.readRemaining());
            assertEquals(3, view.readLong());
            assertTrue(reader.next(record));
            assertEquals(24, in.wrap(record).readRemaining());
            assertEquals(4, view.readLong());
            assertEquals(5, view.readLong());
            assertEquals(6, view.readLong());
        }
    }
}
