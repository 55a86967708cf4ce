package dev.mmwal.stress.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the seed inputs of {@link WalFuzzTest} (run once; the files are committed):
 * {@code java -cp <test class path> dev.mmwal.stress.fuzz.FuzzSeedWriter wal-stress/src/test/resources/dev/mmwal/stress/fuzz/WalFuzzTestInputs}.
 * Seeds are real records and headers of a log the real {@code Wal} wrote, and a few edit lists.
 */
public final class FuzzSeedWriter {
    private FuzzSeedWriter() {
    }

    public static void main(final String[] args) throws IOException {
        final Path root = Path.of(args[0]);
        final Map<String, byte[]> log = FuzzTargets.baseLog();
        final byte[] first = log.values().iterator().next();
        final List<byte[]> files = List.copyOf(log.values());
        // records: the first record, a record further in, with and without the fix-up flags
        write(root.resolve("fuzzRecordDecoder"), "record-plain", prefix((byte)0, Arrays.copyOfRange(first, 64, 64 + 200)));
        write(root.resolve("fuzzRecordDecoder"), "record-fixup", prefix((byte)3, Arrays.copyOfRange(first, 64, 64 + 200)));
        write(root.resolve("fuzzRecordDecoder"), "record-later", prefix((byte)2, Arrays.copyOfRange(first, 4096, 4096 + 1200)));
        // headers of segment 0 and segment 1 (flag bits 1-2 pick the base LSN)
        write(root.resolve("fuzzSegmentHeader"), "header-0", prefix((byte)0, Arrays.copyOf(first, 64)));
        write(root.resolve("fuzzSegmentHeader"), "header-1", prefix((byte)2, Arrays.copyOf(files.get(1), 64)));
        write(root.resolve("fuzzSegmentHeader"), "header-fixup", prefix((byte)1, Arrays.copyOf(files.get(1), 64)));
        // open/recover: no edit in each mode, a zeroed frame length, a flipped type with CRC fix-up
        for (int mode = 0; mode < 4; mode++) {
            write(root.resolve("fuzzOpenAndRecover"), "clean-mode-" + mode, new byte[] {(byte)mode});
        }
        write(root.resolve("fuzzOpenAndRecover"), "zero-frame-length", new byte[] {0, 1, 64, 0, 4, 0, 0, 0, 0});
        write(root.resolve("fuzzOpenAndRecover"), "bad-type-fixed-crc", new byte[] {4, 1, 104, 0, 1, 99});
        write(root.resolve("fuzzOpenAndRecover"), "torn-sealed-skip", new byte[] {3, 0, 0, 2, 8, 1, 2, 3, 4, 5, 6, 7, 8});
    }

    private static byte[] prefix(final byte flags, final byte[] body) {
        final byte[] out = new byte[body.length + 1];
        out[0] = flags;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    private static void write(final Path dir, final String name, final byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }
}
