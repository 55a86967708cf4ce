package dev.mmwal.bench;

import dev.mmwal.bench.peers.AppendLog;
import dev.mmwal.bench.peers.Appender;
import dev.mmwal.bench.peers.CommitLog;
import dev.mmwal.bench.peers.Committer;
import dev.mmwal.bench.peers.Systems;
import dev.mmwal.bench.support.Payloads;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every system under test opens, takes a few hundred records from one thread and closes, so a
 * change in wal-core or a peer's API breaks the build here rather than in the middle of a
 * benchmark run. Not a benchmark: a handful of operations each.
 */
class SystemsSmokeTest {
    @TempDir
    Path dir;

    static Stream<String> appendSystems() {
        return Stream.of(Systems.APPEND);
    }

    static Stream<String> commitSystems() {
        return Stream.of(Systems.COMMIT);
    }

    @ParameterizedTest
    @MethodSource("appendSystems")
    void shouldAppendWhenOpened(final String system) {
        try (AppendLog log = Systems.append(system, dir, Payloads.random(64, 1))) {
            try (Appender appender = log.appender()) {
                for (int i = 0; i < 500; i++) {
                    appender.append();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("commitSystems")
    void shouldCommitWhenOpened(final String system) {
        try (CommitLog log = Systems.commit(system, dir, Payloads.random(64, 1))) {
            try (Committer committer = log.committer()) {
                for (int i = 0; i < 10; i++) {
                    committer.commit();
                }
            }
            assertTrue(log.syncs() != 0, "a durable commit that never synced: system=" + system);
        }
    }
}
