package dev.mmwal.bench.report;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code quick} and {@code full} run. Quick keeps every scenario and every peer but trims
 * iterations, thread counts and sizes to fit a few minutes on two cores; full runs the benchmarks'
 * own annotated settings over every parameter and thread count.
 */
final class Plans {
    static final String APPEND = "AppendBenchmark.append";
    static final String COMMIT = "DurableCommitBenchmark.commit";
    static final String SWEEP = "GroupCommitSweepBenchmark.run";
    static final String SCAN = "ReadScanBenchmark.scan";
    static final String TAIL = "TailerLatencyBenchmark.run";
    static final String RECOVERY = "RecoveryBenchmark.open";
    static final String BANK = "kv.BankBenchmark.transfer";
    static final String KV_GET = "kv.KvOpsBenchmark.get";
    static final String KV_PUT = "kv.KvOpsBenchmark.put";
    static final String KV_SCAN = "kv.KvOpsBenchmark.scan";

    static final String[] APPEND_ALL = {
        "mmwal-copy", "mmwal-claim", "mmwal-claim-cb", "mmwal-copy-nopretouch", "chronicle", "rocksdb", "filechannel", "memcpy", "memcpy-crc"};
    static final String[] COMMIT_LOGS = {
        "mmwal-nstar", "mmwal-greedy", "mmwal-linger", "mmwal-staged", "mmwal-park", "rocksdb", "chronicle", "fc-force", "fc-group"};
    /** mmwal configuration variants run in the full plan only. */
    static final String[] COMMIT_VARIANTS = {"mmwal-fdatasync"};
    static final String[] COMMIT_FLOORS = {"fdatasync-page", "fdatasync-clean"};
    static final int[] COMMIT_THREADS = {1, 4, 16, 64};
    /** wal-kv and its peers, for the bank and the get/put/scan benchmarks. */
    static final String[] KV_SYSTEMS = {"mmwal", "rocksdb", "lmdb", "h2"};
    static final int[] BANK_THREADS = {1, 4, 16, 64};
    static final String[] SWEEP_SYSTEMS = {"mmwal-nstar", "mmwal-greedy", "mmwal-linger", "mmwal-park", "fc-group", "rocksdb"};

    private static final TimeValue ONE_SECOND = TimeValue.seconds(1);
    private static final TimeValue TWO_SECONDS = TimeValue.seconds(2);

    private Plans() {
    }

    static List<Run> of(final String name) {
        return switch (name) {
            case "quick" -> quick();
            case "full" -> full();
            default -> throw new IllegalArgumentException("unknown plan: plan=" + name + ", expected=quick|full");
        };
    }

    static List<Run> quick() {
        final List<Run> runs = new ArrayList<>();
        final Run append = Run.of("append", APPEND, Mode.Throughput).gc().param("payload", "64", "1024")
            .iterations(1, ONE_SECOND, 2, ONE_SECOND);
        runs.add(append.param("system", APPEND_ALL));
        runs.add(append.threads(2).param("system", "mmwal-copy", "mmwal-claim", "chronicle"));
        runs.add(Run.of("append", APPEND, Mode.SampleTime).param("payload", "64", "1024")
            .param("system", "mmwal-copy", "chronicle").iterations(1, ONE_SECOND, 2, ONE_SECOND));

        final Run commit = Run.of("commit", COMMIT, Mode.Throughput).gc().param("payload", "64").iterations(1, ONE_SECOND, 2, ONE_SECOND);
        runs.add(commit.param("system", concat(COMMIT_LOGS, COMMIT_FLOORS)));
        runs.add(commit.threads(4).param("system", "mmwal-nstar", "mmwal-greedy", "mmwal-park", "rocksdb", "fc-group"));
        runs.add(commit.threads(16).param("system", "mmwal-nstar", "mmwal-greedy", "mmwal-linger", "mmwal-park", "rocksdb", "chronicle",
            "fc-group"));
        runs.add(commit.threads(64).param("system", COMMIT_LOGS));
        runs.add(commit.threads(16).param("payload", "1024").param("system", "mmwal-nstar", "mmwal-park", "rocksdb"));

        runs.add(Run.of("sweep", SWEEP, Mode.SingleShotTime).param("system", "mmwal-nstar", "mmwal-greedy", "mmwal-park", "rocksdb")
            .param("rate", "2000", "10000", "40000").param("durationMs", "1000").iterations(1, ONE_SECOND, 1, ONE_SECOND));
        runs.add(Run.of("scan", SCAN, Mode.Throughput).param("system", "mmwal", "chronicle", "filechannel-crc", "crc-memory")
            .param("payload", "64", "1024").param("logMiB", "64").iterations(1, ONE_SECOND, 2, ONE_SECOND));
        runs.add(Run.of("tail", TAIL, Mode.SingleShotTime).param("system", "mmwal", "chronicle").param("rate", "20000")
            .param("durationMs", "1000").iterations(1, ONE_SECOND, 2, ONE_SECOND));
        runs.add(Run.of("recovery", RECOVERY, Mode.SingleShotTime).param("logMiB", "64", "1024").param("cache", "hot", "cold")
            .iterations(1, ONE_SECOND, 3, ONE_SECOND));
        addKv(runs, new int[] {1, 16}, 1, ONE_SECOND, 2, ONE_SECOND);
        return runs;
    }

    static List<Run> full() {
        final List<Run> runs = new ArrayList<>();
        final Run append = Run.of("append", APPEND, Mode.Throughput).gc().param("payload", "64", "1024").param("system", APPEND_ALL)
            .iterations(2, ONE_SECOND, 5, ONE_SECOND);
        final Run latency = Run.of("append", APPEND, Mode.SampleTime).param("payload", "64", "1024").param("system", APPEND_ALL)
            .iterations(2, ONE_SECOND, 5, ONE_SECOND);
        for (final int threads : new int[] {1, 2}) {
            runs.add(append.threads(threads));
            runs.add(latency.threads(threads));
        }
        final Run commit = Run.of("commit", COMMIT, Mode.Throughput).gc().param("payload", "64", "1024")
            .iterations(2, TWO_SECONDS, 5, TWO_SECONDS);
        runs.add(commit.param("system", concat(concat(COMMIT_LOGS, COMMIT_VARIANTS), COMMIT_FLOORS)));
        for (final int threads : new int[] {4, 16, 64}) {
            runs.add(commit.threads(threads).param("system", concat(COMMIT_LOGS, COMMIT_VARIANTS)));
        }
        runs.add(Run.of("sweep", SWEEP, Mode.SingleShotTime).param("system", SWEEP_SYSTEMS)
            .param("rate", "1000", "2000", "5000", "10000", "20000", "40000", "70000", "100000")
            .param("durationMs", "5000").iterations(1, ONE_SECOND, 1, ONE_SECOND));
        runs.add(Run.of("scan", SCAN, Mode.Throughput).param("system", "mmwal", "chronicle", "filechannel-crc", "crc-memory")
            .param("payload", "64", "1024").param("logMiB", "1024").iterations(2, ONE_SECOND, 5, ONE_SECOND));
        runs.add(Run.of("tail", TAIL, Mode.SingleShotTime).param("system", "mmwal", "chronicle").param("rate", "20000", "100000")
            .param("durationMs", "5000").iterations(1, ONE_SECOND, 3, ONE_SECOND));
        runs.add(Run.of("recovery", RECOVERY, Mode.SingleShotTime).param("logMiB", "64", "1024", "4096").param("cache", "hot", "cold")
            .iterations(2, ONE_SECOND, 5, ONE_SECOND));
        addKv(runs, BANK_THREADS, 1, TWO_SECONDS, 3, TimeValue.seconds(3));
        return runs;
    }

    /** The bank (throughput with the GC profiler, then sample time) at each thread count, and get/put/scan at one thread. */
    private static void addKv(final List<Run> runs, final int[] bankThreads, final int warmups, final TimeValue warmup, final int measurements,
        final TimeValue measure) {
        for (final int threads : bankThreads) {
            runs.add(Run.of("bank", BANK, Mode.Throughput).gc().threads(threads).param("system", KV_SYSTEMS)
                .iterations(warmups, warmup, measurements, measure));
            runs.add(Run.of("bank", BANK, Mode.SampleTime).threads(threads).param("system", KV_SYSTEMS)
                .iterations(warmups, warmup, measurements, measure));
        }
        for (final String op : new String[] {KV_GET, KV_PUT, KV_SCAN}) {
            runs.add(Run.of("kvops", op, Mode.Throughput).gc().param("system", KV_SYSTEMS).iterations(warmups, warmup, measurements, measure));
        }
    }

    private static String[] concat(final String[] first, final String[] second) {
        final String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
