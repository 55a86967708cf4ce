package dev.mmwal.cli.doctor;

import dev.mmwal.SyncMethod;
import dev.mmwal.WalConfig;
import dev.mmwal.cli.BaseCommand;
import dev.mmwal.cli.CliException;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.Json;
import dev.mmwal.inspect.InspectedLog;
import dev.mmwal.io.FileOps;
import dev.mmwal.io.MountInfo;
import dev.mmwal.io.PosixFileOps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code mmwal doctor [DIR]}: the filesystem under a directory, whether {@code fallocate} works
 * there, free space, what a sync costs (like {@code pg_test_fsync}), and the group-commit
 * settings that follow. Works in a scratch folder inside DIR that it removes afterwards.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Check a directory for a log: filesystem, fallocate, free space, sync latency, group-commit advice.",
        "Shows the filesystem type and mount options, whether fallocate works, free space, sync latency (p50/p99 over a few",
        "hundred small writes + fdatasync, like pg_test_fsync) and the group-commit settings that follow from it.",
        "Writes only into a scratch folder inside DIR, removed afterwards."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:done (warnings included)", "64:usage error", "66:directory missing", "74:cannot write in the directory"})
public final class DoctorCommand extends BaseCommand {
    static final double COST_WEIGHT = 1.0;
    private static final long PROBE_MAX_NANOS = 5_000_000_000L;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Where the log will live (default: the current directory).")
    private Path directory = Path.of(".");

    @Option(names = "--syncs", paramLabel = "N", description = "Syncs per probe (default: ${DEFAULT-VALUE}; each probe stops after 5 s).")
    private int syncs = 300;

    @Option(names = "--commit-rate", paramLabel = "PER_SECOND", split = ",",
        description = "Commit rates to size group commit for (default: 1000,10000,50000,100000).")
    private List<Double> commitRates = List.of(1_000.0, 10_000.0, 50_000.0, 100_000.0);

    @Override
    public Integer call() throws IOException {
        InspectedLog.requireDirectory(directory);
        if (syncs < 1 || commitRates.stream().anyMatch(rate -> !(rate > 0))) {
            throw usageError("--syncs and --commit-rate must be positive: syncs=" + syncs + ", commitRates=" + commitRates);
        }
        final Optional<MountInfo> mount = MountInfo.of(directory);
        final FileStore store = Files.getFileStore(directory);
        final Path scratch = createScratch();
        final DoctorReport report = new DoctorReport(directory.toRealPath(), mount, store.getUsableSpace(), store.getTotalSpace());
        try {
            report.fallocate = probeFallocate(scratch);
            final WalConfig defaults = WalConfig.builder(directory).build();
            final SyncProbe probe = new SyncProbe(scratch, syncs, PROBE_MAX_NANOS, mount.map(m -> DeviceCounters.of(m.device())).orElse(null),
                defaults.prefault());
            final SyncProbe.Result fdatasync = probe.mapped(false);
            final SyncProbe.Result msync = probe.mapped(true);
            report.probes.add(probe.pwrite());
            report.probes.add(fdatasync);
            report.probes.add(msync);
            report.probes.add(probe.cleanSync());
            report.logSync = defaults.syncMethod() == SyncMethod.MSYNC ? msync : fdatasync;
        } finally {
            deleteScratch(scratch);
        }
        for (final double rate : commitRates) {
            report.groupCommit.add(GroupCommitAdvice.at(report.syncLatencyNanos(), rate, COST_WEIGHT));
        }
        report.maxLingerNanos = GroupCommitAdvice.maxLingerNanos(report.syncLatencyNanos(), COST_WEIGHT);
        report.warnings.addAll(mount.map(FilesystemAdvice::warnings).orElse(List.of()));
        report.addSpaceAndLatencyWarnings();
        if (json()) {
            out().println(Json.write(report.toJson()));
        } else {
            new DoctorText(out(), COST_WEIGHT).print(report);
        }
        return ExitCodes.OK;
    }

    private Path createScratch() {
        try {
            return Files.createDirectory(directory.resolve(".mmwal-doctor-" + ProcessHandle.current().pid()));
        } catch (final IOException ex) {
            throw new CliException(ExitCodes.IO_ERROR, "cannot write in the directory: dir=" + directory + ", cause=" + ex.getMessage(), ex);
        }
    }

    private static DoctorReport.Fallocate probeFallocate(final Path scratch) throws IOException {
        final Path file = scratch.resolve("segment.probe");
        final long size = WalConfig.DEFAULT_SEGMENT_SIZE;
        final long start = System.nanoTime();
        final FileOps.Preallocation used = PosixFileOps.INSTANCE.allocate(file, size, FileOps.Preallocation.FALLOCATE);
        final long nanos = System.nanoTime() - start;
        final long allocated = PosixFileOps.allocatedBytes(file);
        Files.delete(file);
        return new DoctorReport.Fallocate(used == FileOps.Preallocation.FALLOCATE, used, size, allocated, nanos);
    }

    private static void deleteScratch(final Path scratch) throws IOException {
        try (Stream<Path> files = Files.walk(scratch)) {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
