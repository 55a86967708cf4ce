package dev.mmwal.micrometer;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every WalMetrics value reaches the registry, tagged with the log, read at publication time. */
class WalMetricsBinderTest {
    private static final int RECORDS = 200;

    @TempDir
    Path dir;

    @Test
    void shouldRegisterOneMeterPerMetricTaggedWithTheLog() {
        final Path logDir = dir.resolve("orders");
        try (Wal wal = Wal.open(WalConfig.builder(logDir).segmentSize(1L << 20).build())) {
            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new WalMetricsBinder(wal, Tags.of("service", "billing")).bindTo(registry);
            final Set<String> names = new TreeSet<>();
            for (final Meter meter : registry.getMeters()) {
                names.add(meter.getId().getName());
                assertEquals("orders", meter.getId().getTag("wal"), meter.getId().toString());
                assertEquals("billing", meter.getId().getTag("service"), meter.getId().toString());
            }
            assertEquals(new TreeSet<>(Set.of("mmwal.synced.bytes", "mmwal.synced.records", "mmwal.synced.commits", "mmwal.sync", "mmwal.commit.wait",
                "mmwal.batch.last.records", "mmwal.batch.last.bytes", "mmwal.batch.last.commits", "mmwal.batch.mean.records",
                "mmwal.batch.mean.commits", "mmwal.sync.latency.average", "mmwal.commit.arrival.rate", "mmwal.batch.target", "mmwal.failed",
                "mmwal.lsn.durable", "mmwal.lsn.tail")), names);
        }
    }

    /** The flusher counts a batch just after it wakes the batch's committers: wait for the count to land. */
    private static void awaitRecordsSynced(final WalMetrics metrics) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (metrics.recordsSynced() < RECORDS && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void shouldReportWhatTheLogsMetricsSayAfterCommits() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(1L << 20).build())) {
            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new WalMetricsBinder(wal).bindTo(registry);
            assertEquals(0, registry.get("mmwal.synced.records").functionCounter().count());
            for (int i = 0; i < RECORDS; i++) {
                wal.appendAndCommit(new byte[32]);
            }
            final WalMetrics metrics = wal.metrics();
            awaitRecordsSynced(metrics);
            assertEquals(RECORDS, registry.get("mmwal.synced.records").functionCounter().count());
            assertEquals(metrics.bytesSynced(), registry.get("mmwal.synced.bytes").functionCounter().count());
            assertEquals(metrics.commitsSynced(), registry.get("mmwal.synced.commits").functionCounter().count());
            assertTrue(metrics.syncs() >= 1);
            assertEquals(metrics.syncs(), registry.get("mmwal.sync").functionTimer().count());
            // a timer keeps seconds as a double: nanoseconds come back rounded in the last bits
            assertEquals(metrics.syncNanos(), registry.get("mmwal.sync").functionTimer().totalTime(TimeUnit.NANOSECONDS), 1e-6 * metrics.syncNanos());
            assertEquals(metrics.commitWaits(), registry.get("mmwal.commit.wait").functionTimer().count());
            assertEquals(metrics.commitWaitNanos(), registry.get("mmwal.commit.wait").functionTimer().totalTime(TimeUnit.NANOSECONDS),
                1e-6 * metrics.commitWaitNanos());
            assertEquals(metrics.lastBatchRecords(), registry.get("mmwal.batch.last.records").gauge().value());
            assertEquals(metrics.lastBatchBytes(), registry.get("mmwal.batch.last.bytes").gauge().value());
            assertEquals(metrics.lastBatchCommits(), registry.get("mmwal.batch.last.commits").gauge().value());
            assertEquals(metrics.meanBatchRecords(), registry.get("mmwal.batch.mean.records").gauge().value());
            assertEquals(metrics.meanBatchCommits(), registry.get("mmwal.batch.mean.commits").gauge().value());
            // Estimates move with the flusher's clock: only their presence and sign are certain here.
            assertTrue(registry.get("mmwal.commit.arrival.rate").gauge().value() >= 0);
            assertTrue(registry.get("mmwal.batch.target").gauge().value() >= 0);
            assertTrue(registry.get("mmwal.sync.latency.average").timeGauge().value(TimeUnit.NANOSECONDS) > 0);
            assertEquals(0, registry.get("mmwal.failed").gauge().value());
            assertEquals(wal.durableLsn(), registry.get("mmwal.lsn.durable").gauge().value());
            assertEquals(wal.tailLsn(), registry.get("mmwal.lsn.tail").gauge().value());
            assertEquals(wal.durableLsn(), wal.tailLsn(), "every record was committed");
        }
    }
}
