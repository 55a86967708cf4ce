package dev.mmwal.stress.faults;

import dev.mmwal.io.FileOps;
import dev.mmwal.testing.ForwardingFileOps;
import dev.mmwal.testing.FaultInjectingFileOps;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Sits between the log and {@link FaultInjectingFileOps} and records the first injected fault:
 * where, on which thread, and the durable LSN at that instant (read through {@link #durable}; the
 * flusher is the only writer of the durable LSN and it is inside this call, so for a flusher fault
 * the value is exact).
 */
final class ObservingFileOps extends ForwardingFileOps {
    /** The first fault the log saw. */
    record Fault(String site, String thread, long durableLsn, String message) {
        boolean onFlusher() {
            return "mmwal-flusher".equals(thread);
        }
    }

    private volatile LongSupplier durable = () -> -1;
    private volatile Fault first;

    ObservingFileOps(final FileOps delegate) {
        super(delegate);
    }

    void durable(final LongSupplier supplier) {
        durable = supplier;
    }

    Fault first() {
        return first;
    }

    private IOException observe(final String site, final IOException ex) {
        if (first == null && ex.getMessage() != null && ex.getMessage().startsWith("injected")) {
            synchronized (this) {
                if (first == null) {
                    first = new Fault(site, Thread.currentThread().getName(), durable.getAsLong(), ex.getMessage());
                }
            }
        }
        return ex;
    }

    @Override
    public Preallocation allocate(final Path file, final long size, final Preallocation preferred) throws IOException {
        try {
            return delegate.allocate(file, size, preferred);
        } catch (final IOException ex) {
            throw observe("ALLOCATE", ex);
        }
    }

    @Override
    public MemorySegment map(final FileChannel channel, final FileChannel.MapMode mode, final long size, final Arena arena) throws IOException {
        try {
            return delegate.map(channel, mode, size, arena);
        } catch (final IOException ex) {
            throw observe("MAP", ex);
        }
    }

    @Override
    public void write(final FileChannel channel, final MemorySegment source, final long position) throws IOException {
        try {
            delegate.write(channel, source, position);
        } catch (final IOException ex) {
            throw observe("WRITE", ex);
        }
    }

    @Override
    public void syncData(final FileChannel channel) throws IOException {
        try {
            delegate.syncData(channel);
        } catch (final IOException ex) {
            throw observe("SYNC_DATA", ex);
        }
    }

    @Override
    public void syncRange(final MemorySegment mapping, final long offset, final long length) throws IOException {
        try {
            delegate.syncRange(mapping, offset, length);
        } catch (final IOException ex) {
            throw observe("SYNC_RANGE", ex);
        }
    }

    @Override
    public void syncDirectory(final Path directory) throws IOException {
        try {
            delegate.syncDirectory(directory);
        } catch (final IOException ex) {
            throw observe("SYNC_DIRECTORY", ex);
        }
    }

    @Override
    public void delete(final Path file) throws IOException {
        try {
            delegate.delete(file);
        } catch (final IOException ex) {
            throw observe("DELETE", ex);
        }
    }

    @Override
    public void rename(final Path source, final Path target) throws IOException {
        try {
            delegate.rename(source, target);
        } catch (final IOException ex) {
            throw observe("RENAME", ex);
        }
    }
}
