package dev.mmwal.internal.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

abstract class PositionLhsPadding {
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

abstract class PositionValue extends PositionLhsPadding {
    volatile long value;
}

/**
 * A long position alone on its cache lines: 120 bytes of padding on each side (the JVM keeps a
 * superclass's fields before a subclass's), so the hot tail and durable LSN never share a line
 * with each other or with anything else. The memory order is in each accessor's name.
 */
public final class PaddedPosition extends PositionValue {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(PositionValue.class, "value", long.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    public PaddedPosition(final long initial) {
        VALUE.setRelease(this, initial);
    }

    public long getPlain() {
        return (long)VALUE.get(this);
    }

    public long getAcquire() {
        return (long)VALUE.getAcquire(this);
    }

    public long getVolatile() {
        return value;
    }

    public void setRelease(final long newValue) {
        VALUE.setRelease(this, newValue);
    }

    public void setVolatile(final long newValue) {
        value = newValue;
    }

    public boolean compareAndSet(final long expected, final long newValue) {
        return VALUE.compareAndSet(this, expected, newValue);
    }

    public long getAndAdd(final long delta) {
        return (long)VALUE.getAndAdd(this, delta);
    }
}
