package dev.mmwal.cli.doctor;

import dev.mmwal.WalConfig;
import dev.mmwal.io.FileOps;
import dev.mmwal.io.MountInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything doctor found, for the text and JSON printers. */
final class DoctorReport {
    /** How preallocating one default-size segment went. */
    record Fallocate(boolean works, FileOps.Preallocation used, long bytes, long allocatedBytes, long nanos) {
    }

    final Path directory;
    final Optional<MountInfo> mount;
    final long usableBytes;
    final long totalBytes;
    Fallocate fallocate;
    final List<SyncProbe.Result> probes = new ArrayList<>();
    final List<GroupCommitAdvice.Row> groupCommit = new ArrayList<>();
    /** The probe that syncs the way a log with the default configuration does. */
    SyncProbe.Result logSync;
    long maxLingerNanos;
    final List<String> warnings = new ArrayList<>();

    DoctorReport(final Path directory, final Optional<MountInfo> mount, final long usableBytes, final long totalBytes) {
        this.directory = directory;
        this.mount = mount;
        this.usableBytes = usableBytes;
        this.totalBytes = totalBytes;
    }

    /** L: the p50 of {@link #logSync}. */
    double syncLatencyNanos() {
        return logSync.latency().getValueAtPercentile(50);
    }

    void addSpaceAndLatencyWarnings() {
        if (!fallocate.works()) {
            warnings.add("fallocate is not supported here: segments are zero-filled instead (slower segment creation, same durability)");
        }
        if (usableBytes < 4 * WalConfig.DEFAULT_SEGMENT_SIZE) {
            warnings.add("less than four default segments of free space: usable=" + usableBytes + " bytes");
        }
        if (syncLatencyNanos() < 20_000) {
            warnings.add("a sync that writes data takes under 20 us: usually a volatile write cache that is not flushed, or a memory"
                + " filesystem; check that the device honours flushes, or a power loss can lose acknowledged commits");
        }
    }

    Map<String, Object> toJson() {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("dir", directory.toString());
        json.put("filesystem", mount.map(DoctorReport::mountJson).orElse(null));
        final Map<String, Object> prealloc = new LinkedHashMap<>();
        prealloc.put("works", fallocate.works());
        prealloc.put("preallocation", fallocate.used());
        prealloc.put("bytes", fallocate.bytes());
        prealloc.put("allocatedBytes", fallocate.allocatedBytes());
        prealloc.put("nanos", fallocate.nanos());
        json.put("fallocate", prealloc);
        final Map<String, Object> space = new LinkedHashMap<>();
        space.put("usableBytes", usableBytes);
        space.put("totalBytes", totalBytes);
        json.put("space", space);
        json.put("probes", probes.stream().map(DoctorReport::probeJson).toList());
        final Map<String, Object> group = new LinkedHashMap<>();
        group.put("syncLatencyNanos", syncLatencyNanos());
        group.put("syncLatencyFrom", logSync.name());
        group.put("costWeight", DoctorCommand.COST_WEIGHT);
        group.put("maxLingerNanos", maxLingerNanos);
        group.put("rates", groupCommit.stream().map(DoctorReport::rowJson).toList());
        json.put("groupCommit", group);
        json.put("warnings", warnings);
        return json;
    }

    private static Map<String, Object> mountJson(final MountInfo mount) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", mount.fsType());
        json.put("source", mount.source());
        json.put("mountPoint", mount.mountPoint());
        json.put("device", mount.device());
        json.put("mountOptions", mount.mountOptions());
        json.put("superOptions", mount.superOptions());
        return json;
    }

    private static Map<String, Object> probeJson(final SyncProbe.Result probe) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", probe.name());
        json.put("syncs", probe.latency().getTotalCount());
        json.put("p50Nanos", probe.latency().getValueAtPercentile(50));
        json.put("p99Nanos", probe.latency().getValueAtPercentile(99));
        json.put("maxNanos", probe.latency().getMaxValue());
        json.put("meanNanos", probe.latency().getMean());
        json.put("deviceBytesPerSync", probe.deviceBytesPerSync() < 0 ? null : probe.deviceBytesPerSync());
        return json;
    }

    private static Map<String, Object> rowJson(final GroupCommitAdvice.Row row) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("commitsPerSecond", row.commitsPerSecond());
        json.put("targetBatch", row.targetBatch());
        json.put("expectedBatch", row.batch());
        json.put("syncsPerSecond", row.syncsPerSecond());
        json.put("commitLatencyNanos", row.commitLatencyNanos());
        json.put("deviceBound", row.deviceBound());
        return json;
    }
}
