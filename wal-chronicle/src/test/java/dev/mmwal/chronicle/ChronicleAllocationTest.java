package dev.mmwal.chronicle;

import dev.mmwal.AppendClaim;
import dev.mmwal.LogRecord;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static dev.mmwal.chronicle.ChronicleRoundTripTest.claim;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encoding through a {@link ClaimBytes} and decoding through a {@link RecordBytes} allocate nothing
 * per record once compiled (the object's own fields are primitives here), measured with the
 * thread's allocation counter as wal-core's AllocationTest does.
 */
class ChronicleAllocationTest {
    private static final int WARMUP = 200_000;
    private static final int MEASURED = 100_000;

    @TempDir
    Path dir;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void shouldNotAllocatePerRecordWhenEncodingAndDecoding() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(256L << 20).maxUnsyncedNanos(0).build());
             ClaimBytes out = new ClaimBytes();
             RecordBytes in = new RecordBytes()) {
            final AppendClaim claim = new AppendClaim();
            final Tick tick = new Tick();
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            long sum = roundTrips(wal, claim, out, reader, record, in, tick, WARMUP);
            long allocated = Long.MAX_VALUE;
            // Best of three windows: a compilation landing in one window may allocate once.
            for (int window = 0; window < 3 && allocated >= MEASURED / 4; window++) {
                final long before = allocatedBytes();
                sum += roundTrips(wal, claim, out, reader, record, in, tick, MEASURED);
                allocated = allocatedBytes() - before;
            }
            assertTrue(sum > 0);
            assertTrue(allocated < MEASURED / 4, "encode/decode allocated " + allocated + " bytes over " + MEASURED + " records");
        }
    }

    private static long roundTrips(final Wal wal, final AppendClaim claim, final ClaimBytes out, final WalReader reader,
                                   final LogRecord record, final RecordBytes in, final Tick tick, final int count) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            tick.sequence = i;
            tick.price = i * 0.5;
            claim(wal, Tick.LENGTH + (i & 7), claim);
            out.write(claim, tick);
            claim.commit();
            reader.next(record);
            sum += in.read(record, tick).sequence;
        }
        return sum;
    }

    /** Two primitives, no String: nothing of its own to allocate. */
    static final class Tick implements net.openhft.chronicle.bytes.BytesMarshallable {
        static final int LENGTH = Long.BYTES + Double.BYTES;
        long sequence;
        double price;

        @Override
        public void writeMarshallable(final net.openhft.chronicle.bytes.BytesOut<?> bytes) {
            bytes.writeLong(sequence).writeDouble(price);
        }

        @Override
        public void readMarshallable(final net.openhft.chronicle.bytes.BytesIn<?> bytes) {
            sequence = bytes.readLong();
            price = bytes.readDouble();
        }
    }
}
