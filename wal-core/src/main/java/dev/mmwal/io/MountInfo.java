package dev.mmwal.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One mount, from one line of {@code /proc/self/mountinfo}:
 * {@code 36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue}.
 * Fields: id, parent, major:minor, root, mount point, mount options, optional fields up to a lone
 * {@code -}, then filesystem type, source, superblock options; paths escape space, tab, newline and
 * backslash as octal ({@code \040}). The one parser of it in the project: {@code mmwal doctor} reads
 * the mount a log lies on, and wal-stress's power-cut guard the mount it may shut down.
 *
 * @param major         the filesystem device's major number.
 * @param minor         its minor number.
 * @param root          the path within the filesystem that is mounted.
 * @param mountPoint    where it is mounted.
 * @param mountOptions  per-mount options ({@code rw,noatime}).
 * @param fsType        filesystem type ({@code ext4}).
 * @param source        what is mounted ({@code /dev/vda1}).
 * @param superOptions  filesystem-wide options ({@code rw,errors=remount-ro}).
 */
public record MountInfo(int major, int minor, String root, String mountPoint, String mountOptions, String fsType, String source,
                        String superOptions) {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /**
     * The mount {@code path} lies on.
     *
     * @param path an existing path; symbolic links are resolved.
     * @return the mount, or empty where {@code /proc/self/mountinfo} is not readable or lists none.
     * @throws IOException if {@code path} cannot be resolved or the mount table cannot be read.
     */
    public static Optional<MountInfo> of(final Path path) throws IOException {
        if (!Files.isReadable(MOUNTINFO)) {
            return Optional.empty();
        }
        return find(Files.readAllLines(MOUNTINFO), path.toRealPath());
    }

    /**
     * The mount with the longest mount point that contains {@code realPath}; of equals, the last
     * listed (it shadows the others).
     *
     * @param lines    the lines of a mountinfo file; lines that do not parse are skipped.
     * @param realPath a real (resolved) path.
     * @return the mount, or empty when none contains the path.
     */
    public static Optional<MountInfo> find(final List<String> lines, final Path realPath) {
        MountInfo best = null;
        for (final String line : lines) {
            final MountInfo mount = parse(line);
            if (mount != null && realPath.startsWith(Path.of(mount.mountPoint))
                && (best == null || mount.mountPoint.length() >= best.mountPoint.length())) {
                best = mount;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The last (so topmost) mount whose mount point is exactly {@code mountPoint}.
     *
     * @param lines      the lines of a mountinfo file; lines that do not parse are skipped.
     * @param mountPoint the mount point, unescaped.
     * @return the mount, or null when none is mounted there.
     */
    public static MountInfo topmost(final List<String> lines, final String mountPoint) {
        MountInfo topmost = null;
        for (final String line : lines) {
            final MountInfo mount = parse(line);
            if (mount != null && mount.mountPoint.equals(mountPoint)) {
                topmost = mount;
            }
        }
        return topmost;
    }

    /**
     * Parses one line of a mountinfo file.
     *
     * @param line the line.
     * @return the mount, or null when it is not a mountinfo line.
     */
    public static MountInfo parse(final String line) {
        final String[] fields = line.split(" ");
        int separator = 6;
        while (separator < fields.length && !fields[separator].equals("-")) {
            separator++;
        }
        if (separator + 2 >= fields.length) {
            return null;
        }
        final String[] device = fields[2].split(":");
        if (device.length != 2) {
            return null;
        }
        try {
            return new MountInfo(Integer.parseInt(device[0]), Integer.parseInt(device[1]), unescape(fields[3]), unescape(fields[4]),
                fields[5], fields[separator + 1], unescape(fields[separator + 2]),
                separator + 3 < fields.length ? fields[separator + 3] : "");
        } catch (final NumberFormatException ex) {
            return null;
        }
    }

    /**
     * Undoes the kernel's escapes: it writes space, tab, newline and backslash as three-digit octal
     * escapes ({@code \040}).
     *
     * @param field a path field as the kernel wrote it.
     * @return the field with each escape replaced by its character.
     */
    public static String unescape(final String field) {
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

    /**
     * The filesystem's device number.
     *
     * @return {@code major:minor}, such as {@code 8:1}.
     */
    public String device() {
        return major + ":" + minor;
    }

    /**
     * Whether an option is set on this mount or its filesystem.
     *
     * @param option a whole option, such as {@code barrier=0} or {@code ro}.
     * @return true when {@code option} appears in the mount or superblock options.
     */
    public boolean hasOption(final String option) {
        return List.of(mountOptions.split(",")).contains(option) || List.of(superOptions.split(",")).contains(option);
    }
}
