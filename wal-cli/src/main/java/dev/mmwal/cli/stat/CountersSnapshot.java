package dev.mmwal.cli.stat;

import dev.mmwal.cli.CliException;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.format.CountersDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reading of a log's counters file ({@link CountersDescriptor}): every allocated counter's label and
 * value, in counter-id order. Maps the file read-only, copies the values and unmaps it; takes no lock.
 *
 * @param counters label to value.
 * @param open whether the writer had the log open (the file is stale-marked at close).
 * @param pid the writer's process id.
 * @param alive whether that process is still running (a writer that died leaves {@code open} set).
 */
public record CountersSnapshot(Map<String, Long> counters, boolean open, long pid, boolean alive) {

    /** Reads the counters file of the log in {@code directory}. */
    public static CountersSnapshot read(final Path directory) {
        final Path file = directory.resolve(CountersDescriptor.FILE_NAME);
        try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < CountersDescriptor.FILE_LENGTH) {
                throw new CliException(ExitCodes.NO_INPUT, "counters file is too short: file=" + file + ", length="
                    + channel.size() + ", expected=" + CountersDescriptor.FILE_LENGTH);
            }
            final MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, CountersDescriptor.FILE_LENGTH, arena);
            return from(new CountersReader(
                new UnsafeBuffer(mapped.address() + CountersDescriptor.METADATA_OFFSET, CountersDescriptor.METADATA_LENGTH),
                new UnsafeBuffer(mapped.address() + CountersDescriptor.VALUES_OFFSET, CountersDescriptor.VALUES_LENGTH)));
        } catch (final NoSuchFileException ex) {
            throw new CliException(ExitCodes.NO_INPUT, "no counters file: file=" + file
                + " (the log has never been opened by an mmwal with counters, or DIR is not a log)", ex);
        } catch (final IOException ex) {
            throw new CliException(ExitCodes.IO_ERROR, "cannot read counters file: file=" + file + ", cause=" + ex.getMessage(), ex);
        }
    }

    private static CountersSnapshot from(final CountersReader reader) {
        final Map<String, Long> values = new LinkedHashMap<>();
        final long[] pidAndOpen = {0, 0};
        reader.forEach((counterId, typeId, key, label) -> {
            final long value = reader.getCounterValue(counterId);
            values.put(label, value);
            if (typeId == CountersDescriptor.TYPE_PID) {
                pidAndOpen[0] = value;
            } else if (typeId == CountersDescriptor.TYPE_OPEN) {
                pidAndOpen[1] = value;
            }
        });
        final long pid = pidAndOpen[0];
        final boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return new CountersSnapshot(Collections.unmodifiableMap(values), pidAndOpen[1] == 1, pid, alive);
    }

    /** The value of the counter labelled {@code label}, or -1 when there is none. */
    public long value(final String label) {
        return counters.getOrDefault(label, -1L);
    }

    /** {@code open}, {@code closed} (stale-marked at close) or {@code dead} (open, but its process is gone). */
    public String state() {
        if (!open) {
            return "closed";
        }
        return alive ? "open" : "dead";
    }
}
