package dev.mmwal.bench.report;

import org.openjdk.jmh.annotations.Mode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.mmwal.bench.report.Table.num;
import static dev.mmwal.bench.report.Table.ratio;

/** Turns the rows of one comparison run into the tables the console and {@code report.md} show. */
final class Report {
    private final List<Row> rows;

    Report(final List<Row> rows) {
        this.rows = rows;
    }

    List<Table> tables() {
        final List<Table> tables = new ArrayList<>();
        tables.addAll(appendTables());
        tables.addAll(commitTables());
        tables.addAll(sweepTables());
        tables.addAll(scanTables());
        tables.addAll(tailTables());
        tables.addAll(recoveryTables());
        tables.add(bankTable());
        tables.add(kvOpsTable());
        tables.removeIf(Table::isEmpty);
        return tables;
    }

    // ------------------------------------------------------------------ appends

    private List<Table> appendTables() {
        final List<Table> tables = new ArrayList<>();
        for (final String payload : values(Plans.APPEND, "payload")) {
            for (final int threads : threads(Plans.APPEND)) {
                final Table table = new Table("Appends, no sync: " + payload + " B payload, " + threads + " thread(s)",
                    "system", "Mops/s", "B/op", "faults/op", "p50 ns", "p99 ns", "p99.9 ns", "copy/x", "claim/x");
                final double copy = appendRate("mmwal-copy", payload, threads);
                final double claim = appendRate("mmwal-claim", payload, threads);
                for (final String system : Plans.APPEND_ALL) {
                    final Optional<Row> rate = find(Plans.APPEND, Mode.Throughput, threads, "system", system, "payload", payload);
                    final Optional<Row> latency = find(Plans.APPEND, Mode.SampleTime, threads, "system", system, "payload", payload);
                    if (rate.isEmpty() && latency.isEmpty()) {
                        continue;
                    }
                    final double ops = rate.map(Row::median).orElse(Double.NaN);
                    table.row(system, num(ops / 1e6), num(rate.map(Row::allocPerOp).orElse(Double.NaN)),
                        num(rate.map(Row::faultsPerOp).orElse(Double.NaN)),
                        num(latency.map(Row::p50).orElse(Double.NaN)), num(latency.map(Row::p99).orElse(Double.NaN)),
                        num(latency.map(Row::p999).orElse(Double.NaN)), ratio(copy, ops), ratio(claim, ops));
                }
                find(Plans.APPEND, Mode.Throughput, threads, "system", "mmwal-claim", "payload", payload).ifPresent(row ->
                    table.note("mmwal-claim waited for the next segment (BACK_PRESSURED) " + num(row.extra("retries"))
                        + " times over the measured iterations."));
                table.note("memcpy / memcpy-crc: the ceiling (copy into a pre-faulted mapping, no header, no coordination; +CRC32C). "
                    + "Latency: JMH SampleTime, includes ~20-30 ns of timer overhead. B/op and faults/op: whole JVM / process per append.");
                tables.add(table);
            }
        }
        return tables;
    }

    private double appendRate(final String system, final String payload, final int threads) {
        return find(Plans.APPEND, Mode.Throughput, threads, "system", system, "payload", payload).map(Row::median).orElse(Double.NaN);
    }

    // ------------------------------------------------------------------ durable commits

    private List<Table> commitTables() {
        final List<Table> tables = new ArrayList<>();
        for (final String payload : values(Plans.COMMIT, "payload")) {
            tables.add(commitSummary(payload));
            for (final int threads : threads(Plans.COMMIT)) {
                final Table table = new Table("Durable commits: " + payload + " B payload, " + threads + " committing thread(s)",
                    "system", "commits/s", "p50 us", "p99 us", "p99.9 us", "syncs/commit", "disk KiB/commit", "B/op", "nstar/x", "greedy/x");
                final double nstar = commitRate("mmwal-nstar", payload, threads);
                final double greedy = commitRate("mmwal-greedy", payload, threads);
                for (final String system : concat(concat(Plans.COMMIT_LOGS, Plans.COMMIT_VARIANTS), Plans.COMMIT_FLOORS)) {
                    find(Plans.COMMIT, Mode.Throughput, threads, "system", system, "payload", payload).ifPresent(row -> table.row(system,
                        num(row.median()), num(row.extra("p50_us")), num(row.extra("p99_us")), num(row.extra("p999_us")),
                        num(row.extra("syncs_per_commit")), num(row.extra("disk_bytes_per_commit") / 1024), num(row.allocPerOp()),
                        ratio(nstar, row.median()), ratio(greedy, row.median())));
                }
                table.note("Latency: HdrHistogram of every measured commit. disk KiB/commit: device writes (machine-wide) per commit. "
                    + "B/op: whole JVM per commit (flusher and JMH included). mmwal-staged: STAGED write path; mmwal-park: nstar with "
                    + "waitStrategy(0, 0) (committers park at once). fdatasync-page / fdatasync-clean: the floor (4 KiB pwrite + fdatasync; "
                    + "fdatasync of a clean file).");
                tables.add(table);
            }
        }
        return tables;
    }

    private Table commitSummary(final String payload) {
        final Table table = new Table("Durable commits/s by committing threads, " + payload + " B (mmwal/RocksDB ratios and p99s)",
            "threads", "nstar", "greedy", "linger", "staged", "park", "rocksdb", "chronicle", "fc-force", "fc-group", "nstar/rocksdb",
            "park/rocksdb", "p99 nstar us", "p99 park us", "p99 rocksdb us");
        for (final int threads : threads(Plans.COMMIT)) {
            if (select(Plans.COMMIT).stream().noneMatch(row -> row.threads() == threads && payload.equals(row.param("payload")))) {
                continue;
            }
            final double rocks = commitRate("rocksdb", payload, threads);
            table.row(Integer.toString(threads), num(commitRate("mmwal-nstar", payload, threads)), num(commitRate("mmwal-greedy", payload, threads)),
                num(commitRate("mmwal-linger", payload, threads)), num(commitRate("mmwal-staged", payload, threads)),
                num(commitRate("mmwal-park", payload, threads)), num(rocks), num(commitRate("chronicle", payload, threads)),
                num(commitRate("fc-force", payload, threads)), num(commitRate("fc-group", payload, threads)),
                ratio(commitRate("mmwal-nstar", payload, threads), rocks), ratio(commitRate("mmwal-park", payload, threads), rocks),
                num(commitExtra("mmwal-nstar", payload, threads, "p99_us")), num(commitExtra("mmwal-park", payload, threads, "p99_us")),
                num(commitExtra("rocksdb", payload, threads, "p99_us")));
        }
        return table;
    }

    private double commitRate(final String system, final String payload, final int threads) {
        return find(Plans.COMMIT, Mode.Throughput, threads, "system", system, "payload", payload).map(Row::median).orElse(Double.NaN);
    }

    private double commitExtra(final String system, final String payload, final int threads, final String name) {
        return find(Plans.COMMIT, Mode.Throughput, threads, "system", system, "payload", payload).map(row -> row.extra(name)).orElse(Double.NaN);
    }

    // ------------------------------------------------------------------ open-loop sweep

    private List<Table> sweepTables() {
        final Table table = new Table("Group commit, open loop (latency from the scheduled start, coordinated-omission corrected)",
            "offered/s", "system", "achieved/s", "p50 us", "p99 us", "p99.9 us", "service p50 us", "syncs/commit", "commits/sync",
            "N* (policy)", "N* (L, lambda measured)", "L us");
        final Set<Integer> rates = new TreeSet<>();
        values(Plans.SWEEP, "rate").forEach(rate -> rates.add(Integer.parseInt(rate)));
        for (final int rate : rates) {
            for (final String system : Plans.SWEEP_SYSTEMS) {
                find(Plans.SWEEP, Mode.SingleShotTime, 1, "system", system, "rate", Integer.toString(rate)).ifPresent(row -> table.row(
                    Integer.toString(rate), system, num(row.extra("achieved_per_s")), num(row.extra("p50_us")), num(row.extra("p99_us")),
                    num(row.extra("p999_us")), num(row.extra("service_p50_us")), num(row.extra("syncs_per_commit")),
                    num(row.extra("commits_per_sync")), num(row.extra("nstar")), num(row.extra("nstar_ideal")), num(row.extra("syncL_us"))));
            }
        }
        table.note("64 committing threads share a fixed schedule; N* (policy) is the mean of the flusher's target sampled every ms; "
            + "N* (L, lambda measured) is sqrt(2*L*lambda) from this run's mean sync time and offered rate.");
        return List.of(table);
    }

    // ------------------------------------------------------------------ scan, tail, recovery

    private List<Table> scanTables() {
        final Table table = new Table("Sequential scan, page cache hot", "payload B", "system", "GB/s payload", "M records/s", "mmwal/x");
        for (final String payload : values(Plans.SCAN, "payload")) {
            final double mmwal = scanRate("mmwal", payload);
            for (final String system : List.of("mmwal", "chronicle", "filechannel-crc", "crc-memory")) {
                find(Plans.SCAN, Mode.Throughput, 1, "system", system, "payload", payload).ifPresent(row -> table.row(payload, system,
                    num(scanRate(system, payload)), num(row.median() * row.extra("records_per_scan") / 1e6), ratio(mmwal, scanRate(system, payload))));
            }
        }
        table.note("mmwal verifies every record's CRC32C; chronicle reads each document's length only (no checksum); "
            + "filechannel-crc: 1 MiB reads + CRC32C per record; crc-memory: CRC32C from a mapping, the ceiling.");
        return List.of(table);
    }

    private double scanRate(final String system, final String payload) {
        return find(Plans.SCAN, Mode.Throughput, 1, "system", system, "payload", payload)
            .map(row -> row.median() * row.extra("payload_bytes_per_scan") / 1e9).orElse(Double.NaN);
    }

    private List<Table> tailTables() {
        final Table table = new Table("Tailer: publish to read", "system", "rate/s", "p50 us", "p90 us", "p99 us", "p99.9 us", "max us");
        for (final Row row : select(Plans.TAIL)) {
            table.row(row.system(), row.param("rate"), num(row.extra("p50_us")), num(row.extra("p90_us")), num(row.extra("p99_us")),
                num(row.extra("p999_us")), num(row.extra("max_us")));
        }
        return List.of(table);
    }

    private List<Table> recoveryTables() {
        final Table table = new Table("Recovery: Wal.open of an existing log", "log MiB", "cache", "open ms (median)", "recovery report ms",
            "records scanned", "files GiB");
        for (final Row row : select(Plans.RECOVERY)) {
            table.row(row.param("logMiB"), row.param("cache"), num(row.median()), num(row.extra("report_p50_ms")),
                num(row.extra("records_scanned")), num(row.extra("dir_bytes") / (1L << 30)));
        }
        return List.of(table);
    }

    // ------------------------------------------------------------------ wal-kv and its peers

    private Table bankTable() {
        final Table table = new Table("The bank: durable transfers (10,000 accounts)", "threads", "system", "transfers/s", "p50 us", "p99 us",
            "B/transfer", "mmwal/x");
        for (final int threads : threads(Plans.BANK)) {
            final double mmwal = find(Plans.BANK, Mode.Throughput, threads, "system", "mmwal").map(Row::median).orElse(Double.NaN);
            for (final String system : Plans.KV_SYSTEMS) {
                final Optional<Row> rate = find(Plans.BANK, Mode.Throughput, threads, "system", system);
                final Optional<Row> latency = find(Plans.BANK, Mode.SampleTime, threads, "system", system);
                if (rate.isEmpty() && latency.isEmpty()) {
                    continue;
                }
                final double ops = rate.map(Row::median).orElse(Double.NaN);
                table.row(Integer.toString(threads), system, num(ops), num(latency.map(Row::p50).orElse(Double.NaN) / 1e3),
                    num(latency.map(Row::p99).orElse(Double.NaN) / 1e3), num(rate.map(Row::allocPerOp).orElse(Double.NaN)), ratio(mmwal, ops));
            }
        }
        table.note("mmwal: wal-kv DURABLE (group commit); rocksdb: TransactionDB sync=true; lmdb: default flags (synced commits, one writer); "
            + "h2: MVStore TransactionStore, commit then store.commit() + sync(). Latency: the whole transfer (JMH SampleTime).");
        return table;
    }

    private Table kvOpsTable() {
        final Table table = new Table("Get/put/scan without sync (100,000 rows, 16 B keys, 100 B values)", "operation", "system", "ops/s",
            "B/op", "mmwal/x");
        for (final String op : new String[] {Plans.KV_GET, Plans.KV_PUT, Plans.KV_SCAN}) {
            final double mmwal = find(op, Mode.Throughput, 1, "system", "mmwal").map(Row::median).orElse(Double.NaN);
            for (final String system : Plans.KV_SYSTEMS) {
                final String name = op.substring(op.lastIndexOf('.') + 1);
                find(op, Mode.Throughput, 1, "system", system).ifPresent(row -> table.row(name, system, num(row.median()),
                    num(row.allocPerOp()), ratio(mmwal, row.median())));
            }
        }
        table.note("mmwal: SyncMode.NONE; rocksdb: TransactionDB sync=false; lmdb: MDB_NOSYNC; h2: Transaction.commit, background auto-commit. "
            + "put: one key per transaction; scan: 100 rows in key order.");
        return table;
    }

    // ------------------------------------------------------------------ lookup

    private List<Row> select(final String benchmark) {
        return rows.stream().filter(row -> row.benchmark().equals(benchmark)).toList();
    }

    private Set<String> values(final String benchmark, final String param) {
        final Set<String> values = new TreeSet<>((a, b) -> {
            try {
                return Long.compare(Long.parseLong(a), Long.parseLong(b));
            } catch (final NumberFormatException ex) {
                return a.compareTo(b);
            }
        });
        select(benchmark).forEach(row -> values.add(row.param(param)));
        return values;
    }

    private Set<Integer> threads(final String benchmark) {
        final Set<Integer> threads = new TreeSet<>();
        select(benchmark).forEach(row -> threads.add(row.threads()));
        return threads;
    }

    /** The row of {@code benchmark} in {@code mode} with {@code threads} and the given parameter values. */
    private Optional<Row> find(final String benchmark, final Mode mode, final int threads, final String... nameValues) {
        return rows.stream().filter(row -> row.benchmark().equals(benchmark) && row.mode() == mode && row.threads() == threads
            && matches(row.params(), nameValues)).findFirst();
    }

    private static boolean matches(final Map<String, String> params, final String[] nameValues) {
        for (int i = 0; i < nameValues.length; i += 2) {
            if (!nameValues[i + 1].equals(params.get(nameValues[i]))) {
                return false;
            }
        }
        return true;
    }

    private static String[] concat(final String[] first, final String[] second) {
        final Set<String> all = new LinkedHashSet<>(List.of(first));
        all.addAll(List.of(second));
        return all.toArray(String[]::new);
    }
}
