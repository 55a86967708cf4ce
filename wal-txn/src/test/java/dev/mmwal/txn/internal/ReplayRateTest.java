package dev.mmwal.txn.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReplayRateTest {
    private static final long MIB = 1 << 20;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldUseTheAssumedRateUntilSomethingWasMeasured() {
        final ReplayRate rate = new ReplayRate(5e6);
        assertEquals(5e6, rate.bytesPerSecond());
        assertEquals("assumed", rate.source());
    }

    @Test
    void shouldIgnoreSamplesTooShortToTime() {
        final ReplayRate rate = new ReplayRate(5e6);
        rate.probeSample(ReplayRate.MIN_SAMPLE_BYTES - 1, 1);
        rate.recoverySample(0, 0);
        assertEquals(5e6, rate.bytesPerSecond());
    }

    @Test
    void shouldPreferTheRecoveryMeasureOverProbes() {
        final ReplayRate rate = new ReplayRate(5e6);
        rate.probeSample(100 * MIB, SECOND);
        assertEquals(100.0 * MIB, rate.bytesPerSecond());
        assertEquals("probe", rate.source());
        rate.recoverySample(10 * MIB, SECOND);
        assertEquals(10.0 * MIB, rate.bytesPerSecond());
        assertEquals("recovery", rate.source());
        rate.probeSample(1000 * MIB, SECOND);
        assertEquals(10.0 * MIB, rate.bytesPerSecond(), "probes (no engine calls) never override a real recovery");
    }

    @Test
    void shouldMoveAQuarterOfTheWayToEachNewSample() {
        final ReplayRate rate = new ReplayRate(5e6);
        rate.recoverySample(8 * MIB, SECOND);
        rate.recoverySample(16 * MIB, SECOND);
        assertEquals(10.0 * MIB, rate.bytesPerSecond());
    }

    @Test
    void shouldRefuseANonPositiveAssumption() {
        assertThrows(IllegalArgumentException.class, () -> new ReplayRate(0));
    }
}
