package dev.mmwal.micrometer;

import dev.mmwal.Wal;
import dev.mmwal.WalMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer {@link MeterBinder} over one log's {@link Wal#metrics()}: function counters for the
 * monotonic totals, function timers for syncs and blocking commit waits, gauges for the last batch,
 * the group-commit model's estimates, the failed state and the durable and tail LSNs. Every meter is
 * named {@code mmwal.*} and tagged {@code wal=<directory name>} plus the tags given.
 *
 * <p>Meters read the counters when the registry publishes: nothing is added to the log's hot path.
 * As Micrometer's function meters do, they hold the metrics object weakly: once the {@link Wal} is
 * unreachable they report NaN. After {@link Wal#close()} they keep the last values.
 *
 * <p>Concurrency: {@link #bindTo(MeterRegistry)} may be called from any thread; the meters read
 * {@link WalMetrics}, which any thread may read at any time.
 */
public final class WalMetricsBinder implements MeterBinder {
    private static final String PREFIX = "mmwal.";

    private final Wal wal;
    private final Tags tags;

    /**
     * Binds a log's metrics, tagged {@code wal=<the log directory's name>}.
     *
     * @param wal the open log.
     */
    public WalMetricsBinder(final Wal wal) {
        this(wal, Tags.empty());
    }

    /**
     * Binds a log's metrics, tagged {@code wal=<the log directory's name>} and {@code extraTags}.
     *
     * @param wal       the open log.
     * @param extraTags tags added to every meter (a later {@code wal} tag replaces the default).
     */
    public WalMetricsBinder(final Wal wal, final Iterable<Tag> extraTags) {
        this.wal = Objects.requireNonNull(wal, "wal");
        this.tags = Tags.of("wal", String.valueOf(wal.config().directory().getFileName())).and(Objects.requireNonNull(extraTags, "extraTags"));
    }

    @Override
    public void bindTo(final MeterRegistry registry) {
        final WalMetrics metrics = wal.metrics();
        bindTotals(registry, metrics);
        bindTimers(registry, metrics);
        bindBatch(registry, metrics);
        bindModel(registry, metrics);
        bindPositions(registry);
    }

    private void bindTotals(final MeterRegistry registry, final WalMetrics metrics) {
        counter(registry, metrics, "synced.bytes", BaseUnits.BYTES, "bytes of log made durable", WalMetrics::bytesSynced);
        counter(registry, metrics, "synced.records", "records", "records (padding excluded) made durable", WalMetrics::recordsSynced);
        counter(registry, metrics, "synced.commits", "commits", "commit requests satisfied by syncs", WalMetrics::commitsSynced);
    }

    private void bindTimers(final MeterRegistry registry, final WalMetrics metrics) {
        FunctionTimer.builder(PREFIX + "sync", metrics, WalMetrics::syncs, WalMetrics::syncNanos, TimeUnit.NANOSECONDS)
            .description("syncs (fdatasync/msync batches) completed and the flusher's time in them")
            .tags(tags).register(registry);
        FunctionTimer.builder(PREFIX + "commit.wait", metrics, WalMetrics::commitWaits, WalMetrics::commitWaitNanos, TimeUnit.NANOSECONDS)
            .description("commit waits that blocked (the record was not durable yet) and their time")
            .tags(tags).register(registry);
    }

    private void bindBatch(final MeterRegistry registry, final WalMetrics metrics) {
        gauge(registry, metrics, "batch.last.records", "records", "records in the last sync", m -> m.lastBatchRecords());
        gauge(registry, metrics, "batch.last.bytes", BaseUnits.BYTES, "bytes in the last sync", m -> m.lastBatchBytes());
        gauge(registry, metrics, "batch.last.commits", "commits", "commit requests in the last sync", m -> m.lastBatchCommits());
        gauge(registry, metrics, "batch.mean.records", "records", "mean records per sync", WalMetrics::meanBatchRecords);
        gauge(registry, metrics, "batch.mean.commits", "commits", "mean commit requests per sync", WalMetrics::meanBatchCommits);
    }

    private void bindModel(final MeterRegistry registry, final WalMetrics metrics) {
        TimeGauge.builder(PREFIX + "sync.latency.average", metrics, TimeUnit.NANOSECONDS, m -> m.syncLatencyNanos())
            .description("L: the moving average of sync latency").tags(tags).register(registry);
        gauge(registry, metrics, "commit.arrival.rate", "commits/s", "lambda: the moving average of commit arrivals per second", WalMetrics::arrivalRatePerSecond);
        gauge(registry, metrics, "batch.target", "commits", "N*: the batch size the group-commit policy aims at", WalMetrics::targetBatch);
        gauge(registry, metrics, "failed", null, "1 once the log is in the terminal FAILED state, else 0", m -> m.failed() ? 1 : 0);
    }

    private void bindPositions(final MeterRegistry registry) {
        gauge(registry, wal, "lsn.durable", BaseUnits.BYTES, "the durable LSN: every record below it survives power loss", w -> w.durableLsn());
        gauge(registry, wal, "lsn.tail", BaseUnits.BYTES, "the next LSN to be reserved", w -> w.tailLsn());
    }

    private void counter(final MeterRegistry registry, final WalMetrics metrics, final String name, final String unit, final String description,
                         final ToDoubleFunction<WalMetrics> value) {
        FunctionCounter.builder(PREFIX + name, metrics, value).baseUnit(unit).description(description).tags(tags).register(registry);
    }

    private <T> void gauge(final MeterRegistry registry, final T source, final String name, final String unit, final String description,
                           final ToDoubleFunction<T> value) {
        Gauge.builder(PREFIX + name, source, value).baseUnit(unit).description(description).tags(tags).register(registry);
    }
}
