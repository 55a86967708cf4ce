package dev.mmwal;

import dev.mmwal.testing.ForwardingFileOps;
import dev.mmwal.testing.Payloads;
import dev.mmwal.io.PosixFileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fault inside an agent thread (a memory fault while the preparer prefaults a new segment, as
 * after a file system is shut down under the log) fails the log and reaches callers as
 * {@link WalFailedException}; nothing escapes as an uncaught error printed by the JVM.
 */
class AgentFaultTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    @Test
    void shouldFailTheLogWithoutAnUncaughtErrorWhenThePreparerFaults() throws Exception {
        final AtomicBoolean armed = new AtomicBoolean();
        final ForwardingFileOps ops = new ForwardingFileOps(PosixFileOps.INSTANCE) {
            @Override
            public void prefault(final MemorySegment mapping, final Prefault mode) {
                if (armed.get()) {
                    throw new InternalError("a fault occurred in an unsafe memory access operation (injected)");
                }
                super.prefault(mapping, mode);
            }
        };
        final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        final Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(error));
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).fileOps(ops).build())) {
            armed.set(true);
            final long deadline = System.nanoTime() + 20_000_000_000L;
            assertThrows(WalException.class, () -> {
                for (int i = 0; System.nanoTime() < deadline; i++) {
                    wal.append(Payloads.bytes(i, 2000));
                }
            });
            assertTrue(wal.isFailed(), "an agent's fault is fail-stop");
            assertThrows(WalFailedException.class, () -> wal.append(Payloads.bytes(0, 10)));
        } catch (final WalFailedException expected) {
            // close reports the failure too
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        Thread.sleep(50);
        assertEquals(List.of(), uncaught, "no error escaped an agent thread");
    }
}
