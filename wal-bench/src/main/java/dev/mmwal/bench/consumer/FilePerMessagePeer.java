package dev.mmwal.bench.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;

/**
 * The original design, in Java: a directory per client, a JSON file per message. A persist checks
 * for the message's file (COMPLETED means duplicate), writes it as PROCESSING and syncs it and
 * the directory (the new name must survive), then rewrites it as COMPLETED and syncs again: three
 * syncs per message, none shared with other threads. The state merge itself (a map) is left out,
 * which only flatters this peer.
 */
public final class FilePerMessagePeer implements ConsumerPeer {
    private final Path root;

    public FilePerMessagePeer(final Path root) {
        this.root = root;
    }

    @Override
    public boolean persist(final String clientId, final byte[] data, final long messageId) {
        try {
            final Path clientDir = root.resolve(clientId);
            final Path file = clientDir.resolve(messageId + ".json");
            if (isCompleted(file)) {
                return false;
            }
            Files.createDirectories(clientDir);
            final String body = Base64.getEncoder().encodeToString(data);
            write(file, json(clientId, messageId, "PROCESSING", body));
            syncDirectory(clientDir);
            write(file, json(clientId, messageId, "COMPLETED", body));
            return true;
        } catch (final IOException ex) {
            throw new UncheckedIOException("file-per-message persist failed: client=" + clientId + ", messageId=" + messageId, ex);
        }
    }

    private static boolean isCompleted(final Path file) throws IOException {
        try {
            return Files.readString(file).contains("\"status\":\"COMPLETED\"");
        } catch (final NoSuchFileException ex) {
            return false;
        }
    }

    private static byte[] json(final String clientId, final long messageId, final String status, final String body) {
        return ("{\"client_id\":\"" + clientId + "\",\"message_id\":" + messageId + ",\"status\":\"" + status
            + "\",\"data\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static void write(final Path file, final byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void syncDirectory(final Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void close() {
        // nothing held open between persists
    }
}
