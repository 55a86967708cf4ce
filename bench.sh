#!/bin/sh
# Runs mmwal's side-by-side benchmark comparison (mmwal vs RocksDB, Chronicle Queue, plain Java
# logs and the physical baselines) and prints a table per scenario. See docs/benchmarks.md.
#
#   ./bench.sh quick            # every scenario and peer, trimmed: about 11 minutes on 2 cores
#   ./bench.sh full             # every parameter and thread count, annotated iterations: hours
#   ./bench.sh quick --only=commit,sweep     # scenarios: append,commit,sweep,scan,tail,recovery,bank,kvops
#   ./bench.sh jmh AppendBenchmark -p system=mmwal-copy -prof gc   # plain JMH, any options
#   ./bench.sh jmh DurableCommitBenchmark -rf json   # extras (p99_us, syncs_per_commit...) in secondaryMetrics
#
# Benchmark data goes under $MMWAL_BENCH_DIR (default wal-bench/target/bench-data) and is deleted
# as each benchmark ends; results go under wal-bench/target/bench-results/.
# With no argument (or -h, --help) this text is printed and the exit status is 0.
set -eu
cd "$(dirname "$0")"

usage() {
  # the comment block above, from line 2 to the first line that is not a comment
  sed -n '2,/^[^#]/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

case "${1:-}" in
  ''|-h|--help)
    usage
    exit 0
    ;;
  quick|full|jmh) ;;
  *)
    echo "bench.sh: unknown mode: $1 (expected quick, full or jmh)" >&2
    usage >&2
    exit 2
    ;;
esac

jar=wal-bench/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find wal-core/src wal-bench/src wal-core/pom.xml wal-bench/pom.xml pom.xml -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
  # -Dmaven.test.skip works: wal-core's test jar, which wal-txn and wal-consumer declare, is still built (empty)
  ./mvnw25 -B -q -pl wal-bench -am package -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
fi

# The JDK 25 or newer that ./mvnw25 uses (JAVA_HOME first); JMH forks inherit it.
. ./.mvn/jdk25.sh
if ! java_home=$(pick_jdk); then
  echo "bench.sh: no JDK 25 or newer found (set JAVA_HOME)" >&2
  exit 1
fi
java="$java_home/bin/java"

data=${MMWAL_BENCH_DIR:-wal-bench/target/bench-data}
mkdir -p "$data"
flags="--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dmmwal.bench.dir=$(cd "$data" && pwd)"

case "$1" in
  jmh)
    shift
    # shellcheck disable=SC2086
    # ExtrasProfiler puts the HdrHistogram percentiles and syncs per commit into JMH's results
    exec "$java" $flags -jar "$jar" -prof dev.mmwal.bench.support.ExtrasProfiler "$@"
    ;;
  *)
    # shellcheck disable=SC2086
    exec "$java" $flags -cp "$jar" dev.mmwal.bench.report.Compare "$@"
    ;;
esac
