package org.switchboard.smtp.queue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.switchboard.core.json.Json;
import org.switchboard.core.log.LogKind;

/**
 * The queue directory on disk: {@code <id>.eml} (the message) and {@code <id>.env} (its
 * envelope, JSON). A message counts as queued exactly when its .env exists. Writing order:
 * message into tmp/, fsync, rename to {@code <id>.eml}; envelope into tmp/, fsync, rename to
 * {@code <id>.env}; fsync the directory (shared with concurrent commits, {@link DirectorySync}); only then
 * may the caller answer 250 (architecture principle 5). So after a kill -9 an .eml without .env was never acknowledged and is removed,
 * and every .env has its complete .eml. Thread-safe: ids are unique, files are never shared.
 */
public final class Spool {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Path tmp;
    private final DirectorySync dirSync;

    public Spool(Path dir) throws IOException {
        this.dir = dir;
        this.tmp = dir.resolve("tmp");
        this.dirSync = new DirectorySync(dir);
        Files.createDirectories(tmp);
    }

    public Path dir() { return dir; }

    /** A new message being received; call {@link Writer#commit} or {@link Writer#abort}. */
    public Writer begin() throws IOException {
        return new Writer(newId());
    }

    /**
     * Time-ordered and unique: 12 hex digits of milliseconds plus 8 random ones, so a listing
     * sorts by arrival and ids are safe as file names.
     */
    static String newId() {
        byte[] r = new byte[4];
        RANDOM.nextBytes(r);
        return String.format("%012X", System.currentTimeMillis() & 0xFFFFFFFFFFFFL) + HexFormat.of().withUpperCase().formatHex(r);
    }

    public Path message(String id) { return dir.resolve(id + ".eml"); }

    Path tmpMessage(String id) { return tmp.resolve(id + ".eml"); }

    Path envelopeFile(String id) { return dir.resolve(id + ".env"); }

    /** Replaces the envelope atomically and durably. */
    void saveEnvelope(Envelope e) throws IOException {
        Path t = tmp.resolve(e.id() + ".env." + Long.toHexString(RANDOM.nextLong()));
        writeDurably(t, Json.write(e).getBytes(StandardCharsets.UTF_8));
        Files.move(t, envelopeFile(e.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        dirSync.sync();
    }

    /** Removes a message: envelope first, so a crash in between leaves only an orphan .eml that recovery deletes. */
    void remove(String id) throws IOException {
        Files.deleteIfExists(envelopeFile(id));
        dirSync.sync();
        Files.deleteIfExists(message(id));
    }

    /** Start-up: drops unfinished writes and unacknowledged messages, returns every queued envelope. */
    List<Envelope> recover() throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp)) {
            for (Path p : s) Files.deleteIfExists(p);
        }
        List<Envelope> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (name.endsWith(".eml") && !Files.exists(envelopeFile(name.substring(0, name.length() - 4)))) {
                    LogKind.debug("smtp-queue", "removing {}: never acknowledged (no envelope)", name);
                    Files.deleteIfExists(p);
                } else if (name.endsWith(".env")) {
                    String id = name.substring(0, name.length() - 4);
                    if (!Files.exists(message(id))) {
                        LogKind.ERROR.log("Queue: envelope {} has no message file; dropped", name);
                        Files.deleteIfExists(p);
                        continue;
                    }
                    try {
                        found.add(Json.read(Files.readString(p), Envelope.class));
                    } catch (RuntimeException e) {
                        LogKind.ERROR.log("Queue: envelope {} is unreadable ({}); moved aside as {}.bad", name, e.getMessage(), name);
                        Files.move(p, dir.resolve(name + ".bad"), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        syncDirectory(dir);
        return found;
    }

    static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
    }

    /** Makes renames and deletions in {@code d} durable (POSIX: fsync on the directory). */
    static void syncDirectory(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories; there the rename is as durable as it gets.
            if (!(e instanceof NoSuchFileException)) LogKind.debug("smtp-queue", "directory fsync not supported: {}", e.getMessage());
        }
    }

    /** One message being written. Used by one thread. */
    public final class Writer implements AutoCloseable {
        private final String id;
        private final Path file;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean done;

        private Writer(String id) throws IOException {
            this.id = id;
            this.file = tmp.resolve(id + ".eml");
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        }

        public String id() { return id; }

        /** Where the message bytes go; do not close it. */
        public OutputStream output() { return out; }

        /**
         * Makes the message durable and queued with {@code envelope} (whose id must be {@link #id()}).
         * When this returns the caller may acknowledge.
         */
        public void commit(Envelope envelope) throws IOException {
            if (!envelope.id().equals(id)) throw new IllegalArgumentException("envelope id " + envelope.id() + " is not " + id);
            out.flush();
            channel.force(true);
            channel.close();
            Files.move(file, message(id), StandardCopyOption.ATOMIC_MOVE);
            Path t = tmp.resolve(id + ".env");
            writeDurably(t, Json.write(envelope).getBytes(StandardCharsets.UTF_8));
            Files.move(t, envelopeFile(id), StandardCopyOption.ATOMIC_MOVE);
            dirSync.sync();
            done = true;
        }

        /** Discards the partial message. Idempotent; a no-op after commit. */
        public void abort() {
            if (done) return;
            done = true;
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LogKind.WARNING.log("Queue: cannot remove the partial message {}: {}", file, e.getMessage());
            }
        }

        @Override
        public void close() { abort(); }
    }
}
