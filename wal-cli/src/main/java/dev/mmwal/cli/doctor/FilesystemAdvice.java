package dev.mmwal.cli.doctor;

import dev.mmwal.io.MountInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What a filesystem type and its mount options mean for a write-ahead log's durability and speed. */
final class FilesystemAdvice {
    private static final Set<String> MEMORY = Set.of("tmpfs", "ramfs");
    private static final Set<String> REMOTE = Set.of("nfs", "nfs4", "cifs", "smb3", "9p", "virtiofs", "ceph", "glusterfs");
    private static final Set<String> COPY_ON_WRITE = Set.of("btrfs", "zfs", "bcachefs");

    private FilesystemAdvice() {
    }

    static List<String> warnings(final MountInfo mount) {
        final List<String> warnings = new ArrayList<>();
        final String type = mount.fsType();
        if (mount.hasOption("ro")) {
            warnings.add("mounted read-only: a writer cannot create segments here");
        }
        if (MEMORY.contains(type)) {
            warnings.add(type + " is memory-backed: the log does not survive a reboot or power loss, whatever fdatasync says");
        }
        if (type.equals("overlay")) {
            warnings.add("overlay filesystem (a container layer): put the log on a volume mounted from the host");
        }
        if (REMOTE.contains(type) || type.startsWith("fuse")) {
            warnings.add(type + " is a network or FUSE filesystem: fdatasync and shared-mapping semantics vary; use a local disk");
        }
        if (COPY_ON_WRITE.contains(type)) {
            warnings.add(type + " is copy-on-write: preallocation reserves no space for overwrites and every sync rewrites blocks;"
                + " disable CoW for the log directory (btrfs: chattr +C) or use ext4/xfs");
        }
        if (mount.hasOption("nobarrier") || mount.hasOption("barrier=0")) {
            warnings.add("write barriers are off (" + (mount.hasOption("nobarrier") ? "nobarrier" : "barrier=0")
                + "): fdatasync does not flush the device's write cache, so a power loss can lose acknowledged commits");
        }
        if (mount.hasOption("sync") || mount.hasOption("dirsync")) {
            warnings.add("mounted with sync/dirsync: every write is synchronous, which defeats group commit");
        }
        return warnings;
    }
}
