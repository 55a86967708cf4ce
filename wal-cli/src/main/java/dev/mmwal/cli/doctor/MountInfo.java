package dev.mmwal.cli.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The mount a path lies on, from one line of {@code /proc/self/mountinfo}:
 * {@code 36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue}.
 *
 * @param device        {@code major:minor} of the filesystem's device.
 * @param mountPoint    where it is mounted.
 * @param mountOptions  per-mount options ({@code rw,noatime}).
 * @param fsType        filesystem type ({@code ext4}).
 * @param source        what is mounted ({@code /dev/vda1}).
 * @param superOptions  filesystem-wide options ({@code rw,errors=remount-ro}).
 */
public record MountInfo(String device, String mountPoint, String mountOptions, String fsType, String source, String superOptions) {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** The mount {@code path} lies on, or empty where {@code /proc/self/mountinfo} is not available. */
    public static Optional<MountInfo> of(final Path path) throws IOException {
        if (!Files.isReadable(MOUNTINFO)) {
            return Optional.empty();
        }
        return find(Files.readAllLines(MOUNTINFO), path.toRealPath());
    }

    /** The longest mount point that contains {@code realPath}; the last one listed wins (it shadows the others). */
    static Optional<MountInfo> find(final List<String> lines, final Path realPath) {
        MountInfo best = null;
        int bestLength = -1;
        for (final String line : lines) {
            final MountInfo mount = parse(line);
            if (mount != null && realPath.startsWith(Path.of(mount.mountPoint)) && mount.mountPoint.length() >= bestLength) {
                best = mount;
                bestLength = mount.mountPoint.length();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Parses one line, or returns null when it is not a mountinfo line. */
    static MountInfo parse(final String line) {
        final int separator = line.indexOf(" - ");
        if (separator < 0) {
            return null;
        }
        final String[] left = line.substring(0, separator).split(" ");
        final String[] right = line.substring(separator + 3).split(" ");
        if (left.length < 6 || right.length < 3) {
            return null;
        }
        return new MountInfo(left[2], unescape(left[4]), left[5], right[0], unescape(right[1]), right[2]);
    }

    /** The kernel writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    static String unescape(final String field) {
        final StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            final char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char)Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(final String s, final int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    /** True when {@code option} appears in the mount or superblock options ({@code barrier=0}, {@code ro}). */
    public boolean hasOption(final String option) {
        return List.of(mountOptions.split(",")).contains(option) || List.of(superOptions.split(",")).contains(option);
    }
}
