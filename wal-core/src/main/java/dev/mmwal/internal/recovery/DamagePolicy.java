package dev.mmwal.internal.recovery;

import dev.mmwal.RecoveryMode;

/**
 * What tail recovery does at a record slot that fails validation: a pure function of the facts
 * about the slot, unit-tested on every combination ({@code DamagePolicyTest}). No I/O, no state.
 *
 * <ul>
 *   <li>An unwritten slot (frame length 0) above the durable part, when only a process crash lies
 *   between the last writer and now (the same page-cache epoch), is a reservation never
 *   published: it is {@link Action#BRIDGE bridged} when an intact record follows that padding can
 *   reach, so the published records after it survive (docs/recovery.md).</li>
 *   <li>Damage in a sealed segment is always refused: every byte there was durable.</li>
 *   <li>Under {@link RecoveryMode#TOLERATE_TORN_TAIL}, damage below the recorded durable watermark
 *   is refused; above it, the log ends there (valid records after it may be later, never
 *   acknowledged ones: writers publish and the kernel writes pages back out of order).</li>
 *   <li>{@link RecoveryMode#POINT_IN_TIME} ends the log at the first damage;
 *   {@link RecoveryMode#SKIP_CORRUPTED} skips a damaged range when an intact record follows;
 *   {@link RecoveryMode#ABSOLUTE_CONSISTENCY} refuses any damage but a plain end of the log.</li>
 * </ul>
 */
public final class DamagePolicy {
    /** The decision. */
    public enum Action {
        /** Pad from the slot to the next intact record and go on: a reservation never published. */
        BRIDGE,
        /** Pad the damaged range up to the next intact record, report it skipped, and go on. */
        SKIP,
        /** The log ends at the slot; everything after it is zeroed and reported truncated. */
        END_LOG,
        /** Refuse to open: damage inside a sealed segment. */
        REFUSE_SEALED,
        /** Refuse to open: damage below the recorded durable watermark. */
        REFUSE_BELOW_WATERMARK,
        /** Refuse to open: damage the mode does not tolerate. */
        REFUSE_DAMAGE
    }

    /**
     * The facts about one failing slot.
     *
     * @param mode            the configured recovery mode.
     * @param unwritten       its frame length is 0 (as opposed to a bad length, LSN, type or CRC).
     * @param sealed          it lies in a sealed segment.
     * @param belowWatermark  it lies below the durable point a segment header records.
     * @param sameCacheEpoch  the last writer ran in the page-cache epoch of now (only a process crash between).
     */
    public record Facts(RecoveryMode mode, boolean unwritten, boolean sealed, boolean belowWatermark, boolean sameCacheEpoch) {
    }

    private DamagePolicy() {
    }

    /** True when the decision depends on whether an intact record follows (a scan ahead the caller makes only then). */
    public static boolean needsLookahead(final Facts facts) {
        if (mayBridge(facts)) {
            return true;
        }
        if (facts.sealed() || facts.mode() == RecoveryMode.TOLERATE_TORN_TAIL || facts.mode() == RecoveryMode.POINT_IN_TIME) {
            return false;
        }
        return facts.mode() == RecoveryMode.SKIP_CORRUPTED || facts.unwritten();
    }

    /**
     * @param intactFollows an intact record (lsn equal to its position, CRC valid) follows the slot.
     * @param paddable      the range up to it splits at segment ends into pieces padding records can fill.
     */
    public static Action decide(final Facts facts, final boolean intactFollows, final boolean paddable) {
        if (mayBridge(facts) && intactFollows && paddable) {
            return Action.BRIDGE;
        }
        if (facts.sealed()) {
            return Action.REFUSE_SEALED;
        }
        final RecoveryMode mode = facts.mode();
        if (mode == RecoveryMode.TOLERATE_TORN_TAIL && facts.belowWatermark()) {
            return Action.REFUSE_BELOW_WATERMARK;
        }
        if (mode == RecoveryMode.POINT_IN_TIME || mode == RecoveryMode.TOLERATE_TORN_TAIL) {
            return Action.END_LOG;
        }
        if (mode == RecoveryMode.SKIP_CORRUPTED) {
            return intactFollows ? Action.SKIP : Action.END_LOG;
        }
        return facts.unwritten() && !intactFollows ? Action.END_LOG : Action.REFUSE_DAMAGE;
    }

    private static boolean mayBridge(final Facts facts) {
        return facts.unwritten() && facts.sameCacheEpoch() && !facts.sealed() && !facts.belowWatermark();
    }
}
