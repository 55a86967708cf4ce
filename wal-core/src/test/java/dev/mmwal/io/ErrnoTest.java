package dev.mmwal.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrnoTest {
    @Test
    void shouldNameTheErrnoOfTypedExceptionsWhoseMessageIsOnlyAPath() {
        assertEquals("ENOENT (No such file or directory): file=/x/y", Errno.describe(new NoSuchFileException("/x/y")));
        assertEquals("EACCES (Permission denied): file=/x", Errno.describe(new AccessDeniedException("/x")));
    }

    @Test
    void shouldNameTheErrnoOfAStrerrorReason() {
        assertEquals("ENOTDIR (Not a directory): file=/f/log", Errno.describe(new FileSystemException("/f/log", null, "Not a directory")));
        assertEquals("EXDEV (Invalid cross-device link): file=/a, otherFile=/b",
            Errno.describe(new FileSystemException("/a", "/b", "Invalid cross-device link")));
    }

    @Test
    void shouldNameTheErrnoOfAChannelMessageAndKeepOtherMessages() {
        assertEquals("EIO (Input/output error)", Errno.describe(new IOException("Input/output error")));
        assertEquals("injected ENOSPC: site=ALLOCATE", Errno.describe(new IOException("injected ENOSPC: site=ALLOCATE")));
        assertEquals("IOException", Errno.describe(new IOException()));
    }

    @Test
    void shouldDescribeErrnoNumbers() {
        assertEquals("ENOSPC (No space left on device)", Errno.describe(28));
        assertEquals("ENOSPC", Errno.name(28));
        assertEquals("errno 4242", Errno.describe(4242));
    }
}
