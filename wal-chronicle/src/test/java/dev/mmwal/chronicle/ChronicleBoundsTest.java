package dev.mmwal.chronicle;

import dev.mmwal.AppendClaim;
import dev.mmwal.LogRecord;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalReader;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.file.Path;

import static dev.mmwal.chronicle.ChronicleRoundTripTest.claim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes past a claim's payload and reads past a record's payload fail, and never touch a neighbour. */
class ChronicleBoundsTest {
    @TempDir
    Path dir;

    @Test
    void shouldAbortTheClaimWhenTheEncodingIsLongerThanThePayload() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(1L << 20).build());
             ClaimBytes out = new ClaimBytes();
             RecordBytes in = new RecordBytes()) {
            final AppendClaim claim = new AppendClaim();
            final Trade trade = new Trade().set(7, 1.5, 3, "LONG-SYMBOL");
            final long tooSmall = claim(wal, trade.encodedLength() - 1, claim);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> out.write(claim, trade));
            assertTrue(ex.getMessage().contains("lsn=" + tooSmall), ex.getMessage());
            assertTrue(ex.getMessage().contains("payloadLength=" + (trade.encodedLength() - 1)), ex.getMessage());
            assertThrows(IllegalStateException.class, claim::commit, "the claim was aborted");

            final long next = claim(wal, trade.encodedLength(), claim);
            out.write(claim, trade.set(8, 2.5, 4, "NEXT"));
            claim.commit();
            wal.flush();

            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            assertTrue(reader.next(record), "the aborted claim is padding, the next record follows");
            assertEquals(next, record.lsn());
            final Trade decoded = in.read(record, new Trade());
            assertEquals(8, decoded.id);
            assertEquals("NEXT", decoded.symbol);
            assertFalse(reader.next(record));
        }
    }

    @Test
    void shouldRefuseARawWritePastThePayloadAndLeaveTheNextRecordIntact() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(1L << 20).build());
             ClaimBytes out = new ClaimBytes();
             RecordBytes in = new RecordBytes()) {
            final AppendClaim first = new AppendClaim();
            final AppendClaim second = new AppendClaim();
            claim(wal, 12, first);
            claim(wal, 8, second);
            second.buffer().set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, second.payloadOffset(), 0x5A5A5A5A5A5A5A5AL);
            second.commit();

            final Bytes<Void> view = out.wrap(first);
            view.writeLong(11);
            assertThrows(BufferOverflowException.class, () -> view.writeLong(12), "8 bytes past a 12-byte payload");
            view.writeInt(13);
            assertThrows(BufferOverflowException.class, () -> view.writeByte((byte)14));
            assertThrows(RuntimeException.class, () -> view.writeLong(12, 99L), "a random-access write past the limit");
            first.commit();
            wal.flush();

            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            assertTrue(reader.next(record));
            final Bytes<Void> read = in.wrap(record);
            assertEquals(11, read.readLong());
            assertEquals(13, read.readInt());
            assertThrows(BufferUnderflowException.class, read::readByte, "a read past the payload");
            assertTrue(reader.next(record), "the next record's checksum still holds");
            assertEquals(0x5A5A5A5A5A5A5A5AL, in.wrap(record).readLong());
        }
    }

    @Test
    void shouldNameTheRecordWhenTheDecoderReadsPastThePayload() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(1L << 20).build());
             RecordBytes in = new RecordBytes()) {
            final long lsn = wal.append(new byte[4]);
            wal.flush();
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            assertTrue(reader.next(record));
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> in.read(record, new Trade()));
            assertTrue(ex.getMessage().contains("lsn=" + lsn), ex.getMessage());
            assertTrue(ex.getMessage().contains("payloadLength=4"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseAClaimThatIsNotActive() {
        try (ClaimBytes out = new ClaimBytes(); RecordBytes in = new RecordBytes()) {
            assertThrows(IllegalStateException.class, () -> out.wrap(new AppendClaim()));
            assertThrows(IllegalStateException.class, () -> in.wrap(new LogRecord()));
        }
    }
}
