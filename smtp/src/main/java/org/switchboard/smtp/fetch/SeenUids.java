package org.switchboard.smtp.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The UIDL values of one remote mailbox that are already in our queue, one per line in
 * {@code <dir>/<hash of user@server:port>.uids}. An id is appended and fsynced after the queue
 * accepted the message and before it is deleted on the server, so a kill -9 repeats at most the
 * one message in between and loses none. Used by one download at a time.
 */
final class SeenUids {
    private final Path file;
    private final Set<String> uids = new LinkedHashSet<>();

    private SeenUids(Path file) {
        this.file = file;
    }

    static SeenUids open(Path dir, String user, String server, int port) throws IOException {
        Files.createDirectories(dir);
        SeenUids s = new SeenUids(dir.resolve(key(user + "@" + server.toLowerCase(Locale.ROOT) + ":" + port) + ".uids"));
        if (Files.exists(s.file)) {
            for (String line : Files.readAllLines(s.file, StandardCharsets.US_ASCII)) {
                if (!line.isBlank()) s.uids.add(line.strip());
            }
        }
        return s;
    }

    boolean contains(String uid) { return uids.contains(uid); }

    void add(String uid) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            c.write(ByteBuffer.wrap((uid + "\n").getBytes(StandardCharsets.US_ASCII)));
            c.force(true);
        }
        uids.add(uid);
    }

    /** Forgets ids the server no longer has (they were deleted there), so the file does not grow forever. */
    void retainOnly(Set<String> onServer) throws IOException {
        if (onServer.containsAll(uids)) return;
        uids.retainAll(onServer);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            c.write(ByteBuffer.wrap((String.join("\n", uids) + (uids.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.US_ASCII)));
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String key(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }
}
