package dev.mmwal.cli.doctor;

import dev.mmwal.io.MountInfo;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountInfoTest {
    private static final List<String> LINES = List.of(
        "22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro",
        "30 22 0:26 / /tmp rw,nosuid,nodev shared:5 - tmpfs tmpfs rw,size=1024k",
        "31 22 253:2 / /data/my\\040logs rw,noatime - xfs /dev/vdb rw,nobarrier",
        "32 22 0:27 / /data/my\\040logs/inner rw - overlay overlay rw,lowerdir=/a");

    @Test
    void shouldPickLongestMountPointContainingPath() {
        assertEquals("ext4", MountInfo.find(LINES, Path.of("/home/user")).orElseThrow().fsType());
        assertEquals("tmpfs", MountInfo.find(LINES, Path.of("/tmp/x")).orElseThrow().fsType());
        assertEquals("ext4", MountInfo.find(LINES, Path.of("/tmpfoo")).orElseThrow().fsType());
        final MountInfo logs = MountInfo.find(LINES, Path.of("/data/my logs/wal")).orElseThrow();
        assertEquals("/data/my logs", logs.mountPoint());
        assertEquals("253:2", logs.device());
        assertTrue(logs.hasOption("nobarrier") && logs.hasOption("noatime"));
        assertEquals("overlay", MountInfo.find(LINES, Path.of("/data/my logs/inner/x")).orElseThrow().fsType());
    }

    @Test
    void shouldWarnAboutFilesystemsThatBreakDurability() {
        final MountInfo xfs = MountInfo.find(LINES, Path.of("/data/my logs")).orElseThrow();
        assertTrue(FilesystemAdvice.warnings(xfs).getFirst().startsWith("write barriers are off (nobarrier)"));
        final MountInfo tmpfs = MountInfo.find(LINES, Path.of("/tmp")).orElseThrow();
        assertTrue(FilesystemAdvice.warnings(tmpfs).getFirst().startsWith("tmpfs is memory-backed"));
        assertEquals(List.of(), FilesystemAdvice.warnings(MountInfo.find(LINES, Path.of("/")).orElseThrow()));
    }
}
