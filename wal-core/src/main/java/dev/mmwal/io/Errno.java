package dev.mmwal.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Map;

/**
 * Names the operating-system error behind an {@link IOException}, so a message says
 * {@code ENOTDIR (Not a directory)} rather than only a path.
 *
 * <p>The JDK turns a few errnos into exception types whose message is only the file
 * ({@link NoSuchFileException}, {@link AccessDeniedException}, {@link FileAlreadyExistsException}...),
 * and carries the rest as {@code strerror} text ({@link FileSystemException#getReason()}, or the
 * message of a plain {@code IOException} from a channel). This class maps both back to the Linux
 * errno name and its text. Stateless.
 */
public final class Errno {
    /** Linux errno numbers (x86-64 and AArch64 agree on these) with their name and strerror text. */
    private record Entry(int number, String name, String text) {
    }

    private static final Entry[] ENTRIES = {
        new Entry(1, "EPERM", "Operation not permitted"),
        new Entry(2, "ENOENT", "No such file or directory"),
        new Entry(4, "EINTR", "Interrupted system call"),
        new Entry(5, "EIO", "Input/output error"),
        new Entry(6, "ENXIO", "No such device or address"),
        new Entry(9, "EBADF", "Bad file descriptor"),
        new Entry(11, "EAGAIN", "Resource temporarily unavailable"),
        new Entry(12, "ENOMEM", "Cannot allocate memory"),
        new Entry(13, "EACCES", "Permission denied"),
        new Entry(16, "EBUSY", "Device or resource busy"),
        new Entry(17, "EEXIST", "File exists"),
        new Entry(18, "EXDEV", "Invalid cross-device link"),
        new Entry(19, "ENODEV", "No such device"),
        new Entry(20, "ENOTDIR", "Not a directory"),
        new Entry(21, "EISDIR", "Is a directory"),
        new Entry(22, "EINVAL", "Invalid argument"),
        new Entry(23, "ENFILE", "Too many open files in system"),
        new Entry(24, "EMFILE", "Too many open files"),
        new Entry(26, "ETXTBSY", "Text file busy"),
        new Entry(27, "EFBIG", "File too large"),
        new Entry(28, "ENOSPC", "No space left on device"),
        new Entry(30, "EROFS", "Read-only file system"),
        new Entry(36, "ENAMETOOLONG", "File name too long"),
        new Entry(38, "ENOSYS", "Function not implemented"),
        new Entry(39, "ENOTEMPTY", "Directory not empty"),
        new Entry(40, "ELOOP", "Too many levels of symbolic links"),
        new Entry(95, "EOPNOTSUPP", "Operation not supported"),
        new Entry(116, "ESTALE", "Stale file handle"),
        new Entry(122, "EDQUOT", "Disk quota exceeded"),
    };

    private static final Map<Class<? extends FileSystemException>, Integer> TYPED = Map.of(
        NoSuchFileException.class, 2,
        AccessDeniedException.class, 13,
        FileAlreadyExistsException.class, 17,
        NotDirectoryException.class, 20,
        DirectoryNotEmptyException.class, 39,
        FileSystemLoopException.class, 40,
        NotLinkException.class, 22);

    private Errno() {
    }

    /**
     * The name and text of an errno.
     *
     * @param errno a positive errno number.
     * @return {@code ENOSPC (No space left on device)}, or {@code errno 99} for a number not in the table.
     */
    public static String describe(final int errno) {
        for (final Entry entry : ENTRIES) {
            if (entry.number == errno) {
                return entry.name + " (" + entry.text + ")";
            }
        }
        return "errno " + errno;
    }

    /**
     * The symbolic name of an errno.
     *
     * @param errno a positive errno number.
     * @return {@code ENOSPC}, or {@code errno 99} for a number not in the table.
     */
    public static String name(final int errno) {
        for (final Entry entry : ENTRIES) {
            if (entry.number == errno) {
                return entry.name;
            }
        }
        return "errno " + errno;
    }

    /**
     * What went wrong in {@code ex}, always with the cause and never only a path:
     * {@code ENOTDIR (Not a directory): file=/x/y}, {@code EACCES (Permission denied): file=/x},
     * or the exception's own message (with the errno name added when its text is a known
     * {@code strerror}).
     *
     * @param ex the failure to describe.
     * @return the description; the exception's simple class name when it is no file-system exception and has no message.
     */
    public static String describe(final IOException ex) {
        if (ex instanceof FileSystemException fs) {
            return describeFileSystem(fs);
        }
        final String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            return ex.getClass().getSimpleName();
        }
        final Entry entry = byText(message);
        return entry == null ? message : entry.name + " (" + entry.text + ")";
    }

    private static String describeFileSystem(final FileSystemException ex) {
        final String files = ex.getFile() == null ? "" : ": file=" + ex.getFile()
            + (ex.getOtherFile() == null ? "" : ", otherFile=" + ex.getOtherFile());
        final Integer typed = TYPED.get(ex.getClass());
        if (typed != null && (ex.getReason() == null || ex.getReason().isBlank())) {
            return describe(typed) + files;
        }
        final String reason = ex.getReason();
        if (reason == null || reason.isBlank()) {
            return ex.getClass().getSimpleName() + files;
        }
        final Entry entry = byText(reason);
        return (entry == null ? reason : entry.name + " (" + entry.text + ")") + files;
    }

    private static Entry byText(final String text) {
        final String trimmed = text.trim();
        for (final Entry entry : ENTRIES) {
            if (entry.text.equalsIgnoreCase(trimmed)) {
                return entry;
            }
        }
        return null;
    }
}
