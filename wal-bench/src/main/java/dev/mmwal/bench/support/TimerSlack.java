package dev.mmwal.bench.support;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Sets the calling thread's timer slack ({@code prctl(PR_SET_TIMERSLACK)}) to 1 ns, so a pacing
 * thread's {@code parkNanos} wakes within microseconds of its deadline instead of Linux's default
 * 50 us late. Open-loop load generators use it: lateness to the schedule counts as latency.
 */
@SuppressWarnings("restricted") // FFM downcall: the forks run with --enable-native-access
public final class TimerSlack {
    private static final int PR_SET_TIMERSLACK = 29;
    private static final MethodHandle PRCTL;

    static {
        final Linker linker = Linker.nativeLinker();
        PRCTL = linker.downcallHandle(linker.defaultLookup().find("prctl").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    }

    private TimerSlack() {
    }

    /** Best effort: returns false where the call is not available. */
    public static boolean minimize() {
        try {
            return (int)PRCTL.invokeExact(PR_SET_TIMERSLACK, 1L) == 0;
        } catch (final Throwable ex) {
            return false;
        }
    }
}
