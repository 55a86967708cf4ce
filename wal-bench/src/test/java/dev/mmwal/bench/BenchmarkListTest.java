package dev.mmwal.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JDK 23+ javac ignores annotation processors on the class path, and a JMH build without its
 * processor "succeeds" with no benchmarks in it. This pins that the generated list names every one.
 */
class BenchmarkListTest {
    @Test
    void shouldListEveryBenchmarkWhenCompiled() throws IOException {
        try (InputStream list = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(list, "no META-INF/BenchmarkList: the JMH annotation processor did not run");
            final String text = new String(list.readAllBytes(), StandardCharsets.UTF_8);
            for (final String benchmark : new String[] {"AppendBenchmark", "DurableCommitBenchmark", "GroupCommitSweepBenchmark",
                "ReadScanBenchmark", "TailerLatencyBenchmark", "RecoveryBenchmark"}) {
                assertTrue(text.contains("dev.mmwal.bench." + benchmark), "missing from the benchmark list: " + benchmark);
            }
            for (final String benchmark : new String[] {"consumer.ConsumerStoreBenchmark", "txn.TxnThroughputBenchmark",
                "txn.TxnRecoveryBenchmark", "kv.BankBenchmark", "kv.KvOpsBenchmark"}) {
                assertTrue(text.contains("dev.mmwal.bench." + benchmark), "missing from the benchmark list: " + benchmark);
            }
        }
    }
}
