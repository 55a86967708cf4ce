#!/bin/sh
# Installs mmwal from a fresh clone into an empty local Maven repository, then builds and runs two
# separate small projects against the installed artifacts: one on the class path, one modular
# (wal-core on the module path). Both import dev.mmwal:mmwal-bom and run the README's example with
# the README's flags; any JDK warning fails the test. See docs/building.md.
#
#   scripts/install-test.sh          # fast: mmwal-bom + wal-core only, offline, plugins read from ~/.m2
#   scripts/install-test.sh --full   # the whole reactor, `install -DskipTests`, an empty repository, online
#
# It tests the committed HEAD (git clone), not uncommitted changes. Exit 0 when everything passed.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-fast}
case "$mode" in
  fast|--fast) mode=fast ;;
  --full) mode=full ;;
  *) echo "usage: scripts/install-test.sh [--full]" >&2; exit 2 ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/mmwal-install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
repo="$work/m2"
home=${HOME:-/root}

step() { printf 'install-test: %s\n' "$*"; }
fail() { printf 'install-test: FAILED: %s\n' "$*" >&2; exit 1; }

step "cloning $root (HEAD $(git -C "$root" rev-parse --short HEAD)) into $work/clone"
git clone -q --no-hardlinks "$root" "$work/clone"
cd "$work/clone"
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)

# the BOM lists every module of the reactor
for module in $(sed -n 's:^ *<module>\(.*\)</module>:\1:p' pom.xml); do
  [ "$module" = mmwal-bom ] && continue
  grep -q "<artifactId>$module</artifactId>" mmwal-bom/pom.xml || fail "mmwal-bom does not list the module $module"
done
grep -q "<version>$version</version>" mmwal-bom/pom.xml || fail "mmwal-bom's version is not the reactor's ($version)"

if [ "$mode" = fast ]; then
  # An empty local repository for what is installed; plugins and dependencies are read from the
  # shared ~/.m2 (Maven 3.9's read-only tail repository), offline.
  maven_opts="-o -Dmaven.repo.local=$repo -Dmaven.repo.local.tail=$home/.m2/repository"
  step "installing mmwal-parent, mmwal-bom and wal-core into the empty repository $repo (offline)"
  # shellcheck disable=SC2086
  ./mvnw25 -B -q $maven_opts install -Dmaven.test.skip=true -pl mmwal-bom,wal-core -am || fail "install"
else
  maven_opts="-Dmaven.repo.local=$repo"
  step "installing every module into the empty repository $repo (downloads every dependency)"
  # shellcheck disable=SC2086
  ./mvnw25 -B -q $maven_opts install -DskipTests || fail "install -DskipTests"
fi

installed="$repo/dev/mmwal/wal-core/$version"
for suffix in .jar .pom -sources.jar -javadoc.jar -tests.jar; do
  [ -f "$installed/wal-core-$version$suffix" ] || fail "not installed: wal-core-$version$suffix"
done
[ -f "$repo/dev/mmwal/mmwal-bom/$version/mmwal-bom-$version.pom" ] || fail "mmwal-bom not installed"
unzip -l "$installed/wal-core-$version.jar" | grep -q module-info.class || fail "wal-core's jar has no module-info"
grep -q '<license>' "$installed/wal-core-$version.pom" || grep -q '<parent>' "$installed/wal-core-$version.pom" || fail "no license in the POM"

# The README's example, verbatim, and its launch flags.
example=$(awk '/^## Use it/{s=1} s&&/^```java/{f=1;next} f&&/^```/{exit} f' README.md)
[ -n "$example" ] || fail "README.md's Use it section has no java block"
cp_flags=$(sed -n 's/^java \(.*\) -cp .*# class path$/\1/p' README.md | head -n 1)
mp_flags=$(sed -n 's/^java \(.*\) -p .*# module path$/\1/p' README.md | head -n 1)

consumer_pom() { # $1 artifactId
  cat <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>$1</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>25</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>dev.mmwal</groupId>
        <artifactId>mmwal-bom</artifactId>
        <version>$version</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>dev.mmwal</groupId>
      <artifactId>wal-core</artifactId>
    </dependency>
  </dependencies>
  <build>
    <pluginManagement>
      <plugins>
        <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.16.0</version></plugin>
        <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
        <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.9.0</version></plugin>
      </plugins>
    </pluginManagement>
  </build>
</project>
POM
}

build_consumer() { # $1 dir
  # shellcheck disable=SC2086
  ./mvnw25 -B -q $maven_opts -f "$1/pom.xml" compile dependency:build-classpath -Dmdep.outputFile=classpath.txt || fail "building $1"
}

check_run() { # $1 label, $2 out file, $3 err file
  [ "$(cat "$2")" = "$(printf '128 hello\n184 world')" ] || fail "$1: unexpected output: $(cat "$2") $(cat "$3")"
  if grep -q WARNING "$3"; then fail "$1: JDK warning with the README's flags: $(cat "$3")"; fi
  step "$1: ran the README example with '$4': OK"
}

java_home=$(. ./.mvn/jdk25.sh && pick_jdk) || fail "no JDK 25"

step "class-path consumer"
mkdir -p "$work/cp/src/main/java"
consumer_pom consumer-cp > "$work/cp/pom.xml"
printf '%s\n' "$example" > "$work/cp/src/main/java/Example.java"
build_consumer "$work/cp"
# shellcheck disable=SC2086
"$java_home/bin/java" $cp_flags -cp "$work/cp/target/classes:$(cat "$work/cp/classpath.txt")" Example "$work/cp-log" \
  > "$work/cp.out" 2> "$work/cp.err" || fail "class path run: $(cat "$work/cp.err")"
check_run "class path" "$work/cp.out" "$work/cp.err" "$cp_flags"

step "module-path consumer (module consumer requires dev.mmwal.core)"
mkdir -p "$work/mp/src/main/java/consumer"
consumer_pom consumer-mp > "$work/mp/pom.xml"
printf 'module consumer {\n    requires dev.mmwal.core;\n}\n' > "$work/mp/src/main/java/module-info.java"
{ printf 'package consumer;\n\n'; printf '%s\n' "$example"; } > "$work/mp/src/main/java/consumer/Example.java"
build_consumer "$work/mp"
# shellcheck disable=SC2086
"$java_home/bin/java" $mp_flags -p "$work/mp/target/classes:$(cat "$work/mp/classpath.txt")" -m consumer/consumer.Example "$work/mp-log" \
  > "$work/mp.out" 2> "$work/mp.err" || fail "module path run: $(cat "$work/mp.err")"
check_run "module path" "$work/mp.out" "$work/mp.err" "$mp_flags"

step "PASSED ($mode)"
