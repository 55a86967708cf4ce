package dev.mmwal.internal.recovery;

import dev.mmwal.RecoveryMode;
import dev.mmwal.internal.recovery.DamagePolicy.Action;
import dev.mmwal.internal.recovery.DamagePolicy.Facts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every combination of facts, against the rules written out once more here, independently. */
class DamagePolicyTest {
    @Test
    void shouldDecideEveryCombinationAsTheRulesSay() {
        int cases = 0;
        for (final RecoveryMode mode : RecoveryMode.values()) {
            for (int bits = 0; bits < 1 << 6; bits++) {
                final boolean unwritten = (bits & 1) != 0;
                final boolean sealed = (bits & 2) != 0;
                final boolean below = (bits & 4) != 0;
                final boolean sameEpoch = (bits & 8) != 0;
                final boolean follows = (bits & 16) != 0;
                final boolean paddable = (bits & 32) != 0 && follows;
                final Facts facts = new Facts(mode, unwritten, sealed, below, sameEpoch);
                assertEquals(expected(facts, follows, paddable), DamagePolicy.decide(facts, follows, paddable), facts + " follows=" + follows
                    + " paddable=" + paddable);
                cases++;
            }
        }
        assertEquals(4 * 64, cases);
    }

    private static Action expected(final Facts f, final boolean follows, final boolean paddable) {
        if (f.unwritten() && f.sameCacheEpoch() && !f.sealed() && !f.belowWatermark() && follows && paddable) {
            return Action.BRIDGE;
        }
        if (f.sealed()) {
            return Action.REFUSE_SEALED;
        }
        return switch (f.mode()) {
            case TOLERATE_TORN_TAIL -> f.belowWatermark() ? Action.REFUSE_BELOW_WATERMARK : Action.END_LOG;
            case POINT_IN_TIME -> Action.END_LOG;
            case SKIP_CORRUPTED -> follows ? Action.SKIP : Action.END_LOG;
            case ABSOLUTE_CONSISTENCY -> f.unwritten() && !follows ? Action.END_LOG : Action.REFUSE_DAMAGE;
        };
    }

    @Test
    void shouldLookAheadOnlyWhenTheAnswerDependsOnIt() {
        for (final RecoveryMode mode : RecoveryMode.values()) {
            for (int bits = 0; bits < 1 << 4; bits++) {
                final Facts facts = new Facts(mode, (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0);
                final boolean depends = DamagePolicy.decide(facts, true, true) != DamagePolicy.decide(facts, false, false);
                if (depends) {
                    assertTrue(DamagePolicy.needsLookahead(facts), "must look ahead: " + facts);
                }
            }
        }
        assertFalse(DamagePolicy.needsLookahead(new Facts(RecoveryMode.TOLERATE_TORN_TAIL, false, false, false, true)),
            "a torn record above the watermark ends the log without scanning the rest");
    }

    @Test
    void shouldBridgeOnlyAReservationNeverPublishedAboveTheDurablePartInTheSameEpoch() {
        final Facts crash = new Facts(RecoveryMode.TOLERATE_TORN_TAIL, true, false, false, true);
        assertEquals(Action.BRIDGE, DamagePolicy.decide(crash, true, true));
        assertEquals(Action.END_LOG, DamagePolicy.decide(new Facts(RecoveryMode.TOLERATE_TORN_TAIL, true, false, false, false), true, true),
            "after a power loss a zero may be a lost published record: end as a prefix");
        assertEquals(Action.END_LOG, DamagePolicy.decide(crash, true, false), "not paddable: never bridge");
    }
}
