package dev.mmwal.bench.peers;

import dev.mmwal.AppendClaim;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.bench.support.MmwalConfigs;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.PointerBytesStore;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * mmwal with nothing synced until close ({@code maxUnsyncedNanos(0)}), otherwise the library
 * defaults (64 MiB segments, fallocated, read-prefaulted, one prepared ahead, 4 MiB pretouch window
 * ahead of the tail). Three ways to append:
 * <ul>
 *   <li>{@link Mode#COPY}: {@link Wal#append(byte[])}, the one-call copy append;</li>
 *   <li>{@link Mode#CLAIM}: {@link Wal#tryClaim(int, AppendClaim)}, encode the sequence number,
 *   length and payload straight into the mapping with {@link MemorySegment} stores, commit;</li>
 *   <li>{@link Mode#CLAIM_CHRONICLE_BYTES}: the same claim, encoded with Chronicle Bytes through a
 *   {@link PointerBytesStore} re-pointed at each claim (how a Chronicle user would encode).</li>
 * </ul>
 */
public final class MmwalAppendLog implements AppendLog {
    /** How records are written. */
    public enum Mode { COPY, CLAIM, CLAIM_CHRONICLE_BYTES }

    private final Wal wal;
    private final Mode mode;
    private final byte[] payload;
    private final LongAdder retries = new LongAdder();

    public MmwalAppendLog(final Path dir, final Mode mode, final byte[] payload) {
        this(dir, mode, payload, false);
    }

    /** With {@code noPretouch}, the pretouch window is off: every fresh page takes its write fault on the append path. */
    public MmwalAppendLog(final Path dir, final Mode mode, final byte[] payload, final boolean noPretouch) {
        final WalConfig.Builder config = MmwalConfigs.builder(dir).maxUnsyncedNanos(0);
        this.wal = Wal.open((noPretouch ? config.pretouchBytes(0) : config).build());
        this.mode = mode;
        this.payload = payload;
    }

    @Override
    public Appender appender() {
        return switch (mode) {
            case COPY -> new CopyAppender(wal, payload);
            case CLAIM -> new ClaimAppender(wal, payload, retries);
            case CLAIM_CHRONICLE_BYTES -> new ChronicleBytesClaimAppender(wal, payload, retries);
        };
    }

    /** Every reservation that met {@code BACK_PRESSURED}, copy and claim alike (the log counts them). */
    @Override
    public long retries() {
        return wal.metrics().backPressured();
    }

    @Override
    public void close() {
        wal.close();
    }

    /** Claims space, retrying while the next segment is still being prepared. */
    static long claim(final Wal wal, final int length, final AppendClaim claim, final LongAdder retries) {
        long lsn = wal.tryClaim(length, claim);
        while (lsn < 0) {
            if (lsn != Wal.BACK_PRESSURED) {
                throw new IllegalStateException("claim failed: status=" + lsn);
            }
            retries.increment();
            Thread.onSpinWait();
            lsn = wal.tryClaim(length, claim);
        }
        return lsn;
    }

    private static final class CopyAppender implements Appender {
        private final Wal wal;
        private final byte[] payload;

        CopyAppender(final Wal wal, final byte[] payload) {
            this.wal = wal;
            this.payload = payload;
        }

        @Override
        public long append() {
            return wal.append(payload);
        }
    }

    private static final class ClaimAppender implements Appender {
        private final Wal wal;
        private final byte[] payload;
        private final LongAdder retries;
        private final AppendClaim claim = new AppendClaim();
        private long sequence;

        ClaimAppender(final Wal wal, final byte[] payload, final LongAdder retries) {
            this.wal = wal;
            this.payload = payload;
            this.retries = retries;
        }

        @Override
        public long append() {
            final int length = payload.length;
            claim(wal, length, claim, retries);
            final MemorySegment buffer = claim.buffer();
            final long at = claim.payloadOffset();
            buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, at, sequence++);
            buffer.set(ValueLayout.JAVA_INT_UNALIGNED, at + Long.BYTES, length);
            MemorySegment.copy(payload, ChronicleEncoding.HEADER, buffer, ValueLayout.JAVA_BYTE, at + ChronicleEncoding.HEADER,
                length - ChronicleEncoding.HEADER);
            return claim.commit();
        }
    }

    private static final class ChronicleBytesClaimAppender implements Appender {
        private final Wal wal;
        private final byte[] payload;
        private final LongAdder retries;
        private final AppendClaim claim = new AppendClaim();
        private final PointerBytesStore store = new PointerBytesStore();
        private final Bytes<Void> bytes;
        private long sequence;

        ChronicleBytesClaimAppender(final Wal wal, final byte[] payload, final LongAdder retries) {
            this.wal = wal;
            this.payload = payload;
            this.retries = retries;
            // Chronicle rejects a store at address 0: point it at scratch memory until the first claim.
            store.set(Arena.ofAuto().allocate(payload.length).address(), payload.length);
            this.bytes = store.bytesForWrite();
        }

        @Override
        public long append() {
            claim(wal, payload.length, claim, retries);
            store.set(claim.buffer().address() + claim.payloadOffset(), payload.length);
            bytes.clear();
            ChronicleEncoding.encode(bytes, sequence++, payload);
            return claim.commit();
        }

        @Override
        public void close() {
            bytes.releaseLast();
        }
    }
}
