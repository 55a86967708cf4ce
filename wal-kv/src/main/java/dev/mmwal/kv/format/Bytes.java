package dev.mmwal.kv.format;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/** Little-endian field access on heap byte arrays, shared by the descriptors. Plain accesses only. */
public final class Bytes {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    static int offsetOf(final StructLayout layout, final String field) {
        return (int)layout.byteOffset(groupElement(field));
    }

    static int sizeOf(final MemoryLayout layout) {
        return (int)layout.byteSize();
    }

    public static int u16(final byte[] page, final int offset) {
        return (short)SHORT.get(page, offset) & 0xFFFF;
    }

    public static void u16(final byte[] page, final int offset, final int value) {
        SHORT.set(page, offset, (short)value);
    }

    public static int i32(final byte[] page, final int offset) {
        return (int)INT.get(page, offset);
    }

    public static void i32(final byte[] page, final int offset, final int value) {
        INT.set(page, offset, value);
    }

    public static long i64(final byte[] page, final int offset) {
        return (long)LONG.get(page, offset);
    }

    public static void i64(final byte[] page, final int offset, final long value) {
        LONG.set(page, offset, value);
    }
}
