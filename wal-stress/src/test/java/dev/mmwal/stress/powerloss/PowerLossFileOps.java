package dev.mmwal.stress.powerloss;

import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.io.PosixFileOps;
import dev.mmwal.testing.ForwardingFileOps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The real file operations, plus a model of what the disk holds. At every successful sync it
 * copies the synced pages into the file's <em>durable image</em> ({@code fdatasync}: the whole
 * file; {@code msync} of a range: those pages), and directory syncs make directory entries durable.
 * {@link #crashImage(Random)} then builds what a power cut could leave: each file's durable image
 * plus, for every 4 KiB page dirtied since, the old page, the new page, or a tear of the two at
 * 512-byte sectors; a directory change not yet synced may or may not have happened (a created file
 * missing, a deleted one back, a renamed one under its old name). {@link #cutPowerAtSync(int)} makes the n-th sync from now fail and every later
 * one too (the power is off), to crash a recovery part-way.
 *
 * <p>A file that grew by writes past its end (a page file) has its new length made durable by a
 * sync; after a cut, an unsynced growth is either gone or there, its new pages kept, dropped (zeros)
 * or torn like any dirty page. {@link #crashTree} keeps the files' paths under the modelled
 * directory (for stores with subdirectories), {@link #crashImage} only their names.
 *
 * <p>All model updates and image builds hold this object's lock, so an image never sees half a sync.
 */
public final class PowerLossFileOps extends ForwardingFileOps {
    public static final int PAGE = 4096;
    public static final int SECTOR = 512;

    /** One file: its name now, its name in the durable directory (null: none yet), its durable bytes. */
    private static final class FileState {
        Path path;
        Path durableName;
        byte[] durable;
        boolean deleted;

        FileState(final Path path, final byte[] durable, final Path durableName) {
            this.path = path;
            this.durable = durable;
            this.durableName = durableName;
        }
    }

    private final Path root;
    private final Map<Path, FileState> files = new LinkedHashMap<>();
    private final Map<FileChannel, FileState> channels = new IdentityHashMap<>();
    private final Map<Long, FileState> mappings = new LinkedHashMap<>();
    private int syncsUntilCut = -1;
    private boolean powerOff;
    private long syncs;
    private long reuses;

    /** Models {@code directory}: files already there are durable as they are (files below it: once opened). */
    public PowerLossFileOps(final Path directory) {
        this(directory, 1);
    }

    /** Models {@code directory} and its subdirectories: every file already there, at any depth, is durable as it is. */
    public static PowerLossFileOps ofTree(final Path directory) {
        return new PowerLossFileOps(directory, Integer.MAX_VALUE);
    }

    private PowerLossFileOps(final Path directory, final int depth) {
        super(PosixFileOps.INSTANCE);
        this.root = directory.toAbsolutePath();
        try {
            Files.createDirectories(directory);
            try (Stream<Path> list = Files.walk(directory, depth)) {
                for (final Path file : list.filter(Files::isRegularFile).toList()) {
                    final Path key = file.toAbsolutePath();
                    files.put(key, new FileState(key, Files.readAllBytes(file), key));
                }
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The {@code n}-th sync from now (1 = the next) and all after it fail: a power cut. */
    public synchronized void cutPowerAtSync(final int n) {
        syncsUntilCut = n;
    }

    public synchronized boolean powerIsOff() {
        return powerOff;
    }

    public synchronized long syncs() {
        return syncs;
    }

    /** Spare segment files zeroed for reuse so far. */
    public synchronized long reuses() {
        return reuses;
    }

    private void beforeSync(final Object target) throws IOException {
        if (!powerOff && syncsUntilCut > 0 && --syncsUntilCut == 0) {
            powerOff = true;
        }
        if (powerOff) {
            throw new IOException("simulated power cut: sync not performed: target=" + target);
        }
    }

    private void checkPower(final String what, final Object target) throws IOException {
        if (powerOff) {
            throw new IOException("simulated power cut: " + what + " not performed: target=" + target);
        }
    }

    private FileState state(final Path file) {
        return files.get(file.toAbsolutePath());
    }

    @Override
    public synchronized Preallocation allocate(final Path file, final long size, final Preallocation preferred) throws IOException {
        checkPower("allocate", file);
        final Preallocation used = delegate.allocate(file, size, preferred);
        final Path key = file.toAbsolutePath();
        // allocate fsyncs the file: its size and (zero) blocks are durable, its directory entry is not
        files.put(key, new FileState(key, new byte[Math.toIntExact(size)], null));
        return used;
    }

    /** Zeroing a spare segment for reuse ends with an fsync: afterwards the file's durable content is zeros. */
    @Override
    public synchronized void reuse(final Path file, final long size) throws IOException {
        beforeSync(file);
        delegate.reuse(file, size);
        syncs++;
        reuses++;
        final FileState state = state(file);
        if (state != null) {
            state.durable = new byte[Math.toIntExact(size)];
        }
    }

    @Override
    public synchronized FileChannel openReadWrite(final Path file) throws IOException {
        final FileChannel channel = delegate.openReadWrite(file);
        register(channel, file);
        return channel;
    }

    @Override
    public synchronized FileChannel openReadOnly(final Path file) throws IOException {
        final FileChannel channel = delegate.openReadOnly(file);
        register(channel, file);
        return channel;
    }

    private void register(final FileChannel channel, final Path file) throws IOException {
        FileState state = state(file);
        if (state == null) {
            final Path key = file.toAbsolutePath();
            state = new FileState(key, Files.readAllBytes(file), key);
            files.put(key, state);
        }
        channels.put(channel, state);
    }

    @Override
    public synchronized MemorySegment map(final FileChannel channel, final FileChannel.MapMode mode, final long size, final Arena arena) throws IOException {
        final MemorySegment mapping = delegate.map(channel, mode, size, arena);
        mappings.put(mapping.address(), channels.get(channel));
        return mapping;
    }

    @Override
    public synchronized void write(final FileChannel channel, final MemorySegment source, final long position) throws IOException {
        checkPower("write", channel);
        delegate.write(channel, source, position);
    }

    @Override
    public synchronized void syncData(final FileChannel channel) throws IOException {
        beforeSync(channel);
        delegate.syncData(channel);
        syncs++;
        final FileState state = channels.get(channel);
        if (state != null) {
            state.durable = readCurrent(state.path, Math.max(state.durable.length, currentLength(state.path)));
        }
    }

    @Override
    public synchronized void syncRange(final MemorySegment mapping, final long offset, final long length) throws IOException {
        beforeSync(mapping);
        delegate.syncRange(mapping, offset, length);
        syncs++;
        final FileState state = mappings.get(mapping.address());
        if (state != null) {
            final long start = offset & -PAGE;
            final long end = Math.min(mapping.byteSize(), (offset + length + PAGE - 1) & -PAGE);
            MemorySegment.copy(mapping, ValueLayout.JAVA_BYTE, start, state.durable, (int)start, (int)(end - start));
        }
    }

    @Override
    public synchronized void syncDirectory(final Path directory) throws IOException {
        beforeSync(directory);
        delegate.syncDirectory(directory);
        syncs++;
        final Path dir = directory.toAbsolutePath();
        files.values().removeIf(state -> state.deleted && state.path.getParent().equals(dir));
        for (final FileState state : files.values()) {
            if (state.path.getParent().equals(dir)) {
                state.durableName = state.path;
            }
        }
    }

    @Override
    public synchronized void delete(final Path file) throws IOException {
        checkPower("delete", file);
        delegate.delete(file);
        final FileState state = state(file);
        if (state != null) {
            state.deleted = true;
        }
    }

    /** Atomic, like rename(2) on a journalling file system: after a crash the file has one name or the other. */
    @Override
    public synchronized void rename(final Path source, final Path target) throws IOException {
        checkPower("rename", source);
        delegate.rename(source, target);
        final FileState state = files.remove(source.toAbsolutePath());
        if (state != null) {
            state.path = target.toAbsolutePath();
            files.put(state.path, state);
        }
    }

    private static int currentLength(final Path file) {
        try {
            return Math.toIntExact(Files.size(file));
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] readCurrent(final Path file, final int size) {
        final byte[] bytes = new byte[size];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
                Thread.onSpinWait();
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes;
    }

    /** What the disk could hold after a power cut now: file name to contents (absent files left out). */
    public synchronized Map<String, byte[]> crashImage(final Random random) {
        final Map<String, byte[]> image = new LinkedHashMap<>();
        for (final Map.Entry<Path, byte[]> file : crash(random).entrySet()) {
            image.put(file.getKey().getFileName().toString(), file.getValue());
        }
        return image;
    }

    /** {@link #crashImage}, each file under its path relative to the modelled directory (for {@link #write}). */
    public synchronized Map<String, byte[]> crashTree(final Random random) {
        final Map<String, byte[]> image = new LinkedHashMap<>();
        for (final Map.Entry<Path, byte[]> file : crash(random).entrySet()) {
            image.put(root.relativize(file.getKey()).toString(), file.getValue());
        }
        return image;
    }

    private Map<Path, byte[]> crash(final Random random) {
        final Map<Path, byte[]> image = new LinkedHashMap<>();
        for (final FileState state : files.values()) {
            final Path name = nameAfterCrash(state, random);
            if (name == null) {
                continue;
            }
            byte[] disk = state.durable.clone();
            if (!state.deleted && Files.exists(state.path)) {
                final int length = currentLength(state.path);
                if (length > disk.length && random.nextBoolean()) {
                    disk = Arrays.copyOf(disk, length); // the unsynced growth reached the disk; its pages as any dirty page
                }
                tearDirtyPages(disk, stableCurrent(state.path, disk.length), random);
            }
            image.put(name, disk);
        }
        return image;
    }

    /**
     * The page cache's contents at a quiet moment: read until two reads agree. A segment header
     * the flusher is rewriting in place may be caught half-written (as writeback may catch it): the
     * format keeps a second, whole copy for exactly that, and recovery is judged on what was caught.
     */
    private static byte[] stableCurrent(final Path file, final int size) {
        byte[] previous = readCurrent(file, size);
        for (int attempt = 0; attempt < 2_000; attempt++) {
            final byte[] current = readCurrent(file, size);
            if (Arrays.equals(previous, current)) {
                return current;
            }
            previous = current;
            LockSupport.parkNanos(1_000_000);
        }
        return previous;
    }

    /**
     * Which name, if any, the file has on disk after the cut: a directory change not yet synced may
     * or may not have reached the disk (a create, a delete, or an atomic rename: old or new name).
     */
    private static Path nameAfterCrash(final FileState state, final Random random) {
        if (state.deleted) {
            return state.durableName != null && random.nextBoolean() ? state.durableName : null;
        }
        if (state.durableName == null) {
            return random.nextBoolean() ? state.path : null;
        }
        return state.durableName.equals(state.path) || random.nextBoolean() ? state.path : state.durableName;
    }

    private static void tearDirtyPages(final byte[] disk, final byte[] current, final Random random) {
        for (int page = 0; page < disk.length; page += PAGE) {
            final int end = Math.min(disk.length, page + PAGE);
            if (Arrays.equals(disk, page, end, current, page, end)) {
                continue;
            }
            switch (random.nextInt(3)) {
                case 0 -> { } // the write never reached the disk
                case 1 -> System.arraycopy(current, page, disk, page, end - page);
                default -> {
                    for (int sector = page; sector < end; sector += SECTOR) {
                        if (random.nextBoolean()) {
                            System.arraycopy(current, sector, disk, sector, Math.min(SECTOR, end - sector));
                        }
                    }
                }
            }
        }
    }

    /** Writes {@code image} as the files of {@code directory} (created empty), subdirectories included. */
    public static void write(final Map<String, byte[]> image, final Path directory) {
        try {
            Files.createDirectories(directory);
            for (final Map.Entry<String, byte[]> file : image.entrySet()) {
                final Path target = directory.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
