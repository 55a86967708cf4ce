package dev.mmwal.io;

/**
 * Names one life of the page cache that holds a log directory's files: the boot (the kernel's
 * {@code boot_id}), the mount the directory is on ({@code statx} mount id: a remount is a new
 * one), and the directory itself (device and inode: a copied directory is a new one).
 *
 * <p>Why recovery needs it: while one epoch lasts, every store any process made through a mapping
 * is visible to the next reader, whether or not it reached the disk. A record slot whose frame
 * length reads 0 is then certainly one its writer never published, so the records after it are
 * kept (the slot becomes padding). Across a power loss (a new boot) or a remount, a 0 may instead
 * be a published record whose page never reached the disk, and a later record may depend on it:
 * the log then ends at the first such slot, as a prefix.
 *
 * @param bootIdHigh high 64 bits of {@code /proc/sys/kernel/random/boot_id}; 0 when unknown.
 * @param bootIdLow  low 64 bits of the boot id.
 * @param mountId    the mount's id ({@code stx_mnt_id}); 0 when unknown.
 * @param device     the directory's device number ({@code st_dev}).
 * @param inode      the directory's inode number.
 */
public record CacheEpoch(long bootIdHigh, long bootIdLow, long mountId, long device, long inode) {
    /** Nothing known: never the same as any epoch, so recovery takes the safe path. */
    public static final CacheEpoch UNKNOWN = new CacheEpoch(0, 0, 0, 0, 0);

    /**
     * Whether the boot id, mount id and inode were all read.
     *
     * @return true when every part is known.
     */
    public boolean isKnown() {
        return (bootIdHigh | bootIdLow) != 0 && mountId != 0 && inode != 0;
    }

    /**
     * Whether {@code other} is the same page-cache life as this one.
     *
     * @param other the epoch to compare with; may be null.
     * @return true when both are known and equal: no power loss, remount or copy lies between them.
     */
    public boolean sameAs(final CacheEpoch other) {
        return isKnown() && equals(other);
    }
}
