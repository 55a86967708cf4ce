package dev.mmwal.stress.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/**
 * Jazzer (coverage-guided) targets. Under {@code verify} they run in regression mode: each replays
 * the inputs under {@code src/test/resources/dev/mmwal/stress/fuzz/WalFuzzTestInputs/<method>/}
 * (seeds and any crash ever found; add one by dropping the file there). To fuzz for a set time:
 * {@code JAZZER_FUZZ=1 ./mvnw25 -B -pl wal-stress -am test -Djcstress.skip=true
 * -Dtest=WalFuzzTest#fuzzRecordDecoder -Dsurefire.failIfNoSpecifiedTests=false} (see
 * docs/reliability.md; {@code maxDuration} below bounds each run).
 */
// a campaign: its length is set by its iterations property; the run in verify takes seconds
@Timeout(value = 24, unit = TimeUnit.HOURS)
class WalFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void fuzzRecordDecoder(final byte[] input) {
        FuzzTargets.decodeRecord(input);
    }

    @FuzzTest(maxDuration = "5m")
    void fuzzSegmentHeader(final byte[] input) {
        FuzzTargets.parseSegmentHeader(input);
    }

    @FuzzTest(maxDuration = "5m")
    void fuzzOpenAndRecover(final byte[] input) {
        FuzzTargets.openAndRecover(input);
    }
}
