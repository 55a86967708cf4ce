package dev.mmwal.stress.support;

import dev.mmwal.AppendClaim;
import dev.mmwal.ReadBound;
import dev.mmwal.Wal;
import dev.mmwal.WalReader;
import dev.mmwal.internal.log.LogEngine;
import dev.mmwal.internal.segment.SegmentSource;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Test access to package-private seams of {@code dev.mmwal}, through a private lookup (the stress
 * tests run on the class path, where wal-core's packages are open to them), so no class of this
 * module sits in wal-core's package. The stress tests drive the real {@link AppendClaim} and
 * {@link WalReader} code over in-memory engines, and reach a live log's engine.
 */
public final class WalAccess {
    private static final MethodHandle ENGINE;
    private static final MethodHandle READER;
    private static final MethodHandle WRAP;

    static {
        try {
            final MethodHandles.Lookup wal = MethodHandles.privateLookupIn(Wal.class, MethodHandles.lookup());
            ENGINE = wal.findVirtual(Wal.class, "engine", MethodType.methodType(LogEngine.class));
            READER = wal.findConstructor(WalReader.class, MethodType.methodType(void.class, SegmentSource.class, long.class, ReadBound.class));
            WRAP = MethodHandles.insertArguments(wal.findVirtual(AppendClaim.class, "wrap",
                MethodType.methodType(void.class, Wal.class, MemorySegment.class, long.class, long.class, int.class)), 1, (Wal)null);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private WalAccess() {
    }

    public static LogEngine engine(final Wal wal) {
        try {
            return (LogEngine)ENGINE.invokeExact(wal);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /** A reader over any segment source (a {@link LogEngine} is one). */
    public static WalReader reader(final SegmentSource source, final long fromLsn, final ReadBound bound) {
        try {
            return (WalReader)READER.invokeExact(source, fromLsn, bound);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /** Points {@code claim} at space reserved with {@link LogEngine#reserve(int)}, as {@link Wal#tryClaim} does (no owning log: faults surface raw). */
    public static void wrap(final AppendClaim claim, final MemorySegment memory, final long offset, final long lsn, final int frameLength) {
        try {
            WRAP.invokeExact(claim, memory, offset, lsn, frameLength);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(final Throwable t) {
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(t);
    }
}
