package dev.mmwal.stress.corruption;

import dev.mmwal.LogRecord;
import dev.mmwal.RecoveryMode;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalCorruptionException;
import dev.mmwal.WalReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a (damaged) image of a seed log into a scratch directory, opens it with the real
 * {@link Wal} under a recovery mode, reads every record, and reports the {@link Outcome}. A record
 * read that is not, field for field and byte for byte, one the seed wrote at that LSN is an
 * {@code UNEXPECTED} outcome (invented); so is any exception but {@link WalCorruptionException}.
 */
final class CaseRunner {
    private final SeedLog seed;
    private final Path scratch;
    private final Map<Long, Integer> userByLsn = new HashMap<>();

    CaseRunner(final SeedLog seed, final Path scratch) {
        this.seed = seed;
        this.scratch = scratch;
        for (int i = 0; i < seed.users.size(); i++) {
            userByLsn.put(seed.users.get(i).lsn(), i);
        }
    }

    Path scratch() {
        return scratch;
    }

    Outcome run(final Map<String, byte[]> image, final RecoveryMode mode) {
        writeImage(image);
        final WalConfig config = WalConfig.builder(scratch).segmentSize(SeedLog.SEGMENT_SIZE).recoveryMode(mode).build();
        final Wal wal;
        try {
            wal = Wal.open(config);
        } catch (final WalCorruptionException ex) {
            return new Outcome(Outcome.Kind.OPEN_FAILS_CORRUPTION, List.of(), ex.getMessage());
        } catch (final RuntimeException ex) {
            return Outcome.unexpected("open threw " + ex);
        }
        try {
            return read(wal);
        } finally {
            wal.close();
        }
    }

    private Outcome read(final Wal wal) {
        final List<Integer> records = new ArrayList<>();
        final WalReader reader = wal.reader(0);
        final LogRecord record = new LogRecord();
        try {
            while (reader.next(record)) {
                final Integer index = userByLsn.get(record.lsn());
                if (index == null || !matches(seed.users.get(index), record)) {
                    return Outcome.unexpected("invented record: " + record);
                }
                records.add(index);
            }
            return new Outcome(Outcome.Kind.OPEN_PREFIX, records, null);
        } catch (final WalCorruptionException ex) {
            return new Outcome(Outcome.Kind.OPEN_READ_CORRUPTION, records, ex.getMessage());
        } catch (final RuntimeException ex) {
            return Outcome.unexpected("read threw " + ex);
        }
    }

    static boolean matches(final SeedLog.UserRecord expected, final LogRecord actual) {
        return expected.type() == actual.type() && expected.txnId() == actual.txnId() && expected.prevLsn() == actual.prevLsn()
            && expected.pageId() == actual.pageId() && expected.flags() == actual.flags()
            && expected.pageOffset() == actual.pageOffset() && expected.beforeLength() == actual.beforeLength()
            && Arrays.equals(expected.payload(), actual.payloadBytes());
    }

    private void writeImage(final Map<String, byte[]> image) {
        try {
            Files.createDirectories(scratch);
            try (Stream<Path> list = Files.list(scratch)) {
                for (final Path file : list.toList()) {
                    if (!image.containsKey(file.getFileName().toString())) {
                        Files.delete(file);
                    }
                }
            }
            for (final Map.Entry<String, byte[]> file : image.entrySet()) {
                final Path path = scratch.resolve(file.getKey());
                // rewrite only what differs: recovery changes little, and reading back is cheap
                if (!Files.exists(path) || !Arrays.equals(Files.readAllBytes(path), file.getValue())) {
                    Files.write(path, file.getValue());
                }
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
