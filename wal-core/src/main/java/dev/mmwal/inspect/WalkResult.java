package dev.mmwal.inspect;

/**
 * What a {@link LogWalker} found about the log's extent.
 *
 * @param endLsn        the end of the valid prefix: where the first damage or unwritten space begins.
 * @param lastRecordEnd the end of the last valid record anywhere (beyond {@code endLsn} when valid
 *                      records follow damage).
 * @param damageCount   damage reported (file and header damage included).
 * @param stop          why the walk ended.
 * @param damageMap     the damaged LSN ranges found.
 */
public record WalkResult(long endLsn, long lastRecordEnd, long damageCount, Stop stop, DamageMap damageMap) {
    /** Why a walk ended. */
    public enum Stop {
        /** It walked every segment. */
        END,
        /** At the first damage, as {@link WalkOptions#stopAtFirstDamage()} asked. */
        DAMAGE,
        /** At {@link WalkOptions#toLsn()}. */
        RANGE,
        /** The listener asked. */
        LISTENER
    }
}
