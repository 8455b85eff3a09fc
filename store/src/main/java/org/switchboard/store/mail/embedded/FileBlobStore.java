package org.switchboard.store.mail.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.switchboard.store.mail.MailStoreException;

/**
 * Immutable message files named by their SHA-256 ({@code ab/cd/abcd...}). A write streams into a
 * temp file and fsyncs it ({@link #stage}); {@link #publish} hard-links it into place and fsyncs
 * the directory, so a published blob survives a crash whole or not at all, and the temp file stays
 * until {@link #discard} so the caller can publish again. Identical content shares one file, so
 * concurrent publishers never conflict; reference counting is the caller's. Thread-safe.
 */
final class FileBlobStore {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final int BUFFER = 64 * 1024;

    /** A fsynced temp file waiting for {@link #publish} or {@link #discard}. */
    record Staged(Path temp, String id, long size) {}

    private final Path root;
    private final Path tmp;

    private FileBlobStore(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
    }

    /** Opens (creating) the store; leftover temp files of an interrupted write are removed. */
    static FileBlobStore open(Path root) throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        Files.createDirectories(store.tmp);
        try (Stream<Path> leftovers = Files.list(store.tmp)) {
            for (Path p : leftovers.toList()) Files.deleteIfExists(p);
        }
        return store;
    }

    /**
     * Streams {@code in} to a temp file (fsynced) while feeding the same bytes to {@code tap}.
     * More than {@code maxBytes} bytes fail with TooLarge after reading at most one byte more.
     */
    Staged stage(InputStream in, long maxBytes, OutputStream tap) throws IOException {
        MessageDigest sha = sha256();
        Path temp = Files.createTempFile(tmp, "in-", ".tmp");
        long total = 0;
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf, 0, maxBytes - total >= buf.length ? buf.length : (int) (maxBytes - total) + 1)) > 0) {
                total += n;
                if (total > maxBytes) throw new MailStoreException.TooLarge("message exceeds " + maxBytes + " bytes");
                sha.update(buf, 0, n);
                tap.write(buf, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) out.write(bb);
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return new Staged(temp, HexFormat.of().formatHex(sha.digest()), total);
    }

    /**
     * Links a staged file at its content address and makes the name durable. A file already there
     * has the same content (it was linked whole from a fsynced temp file), so it is kept; the
     * directory is still synced, as its publisher may not have done so yet.
     */
    void publish(Staged staged) throws IOException {
        Path target = path(staged.id);
        Path leaf = target.getParent();
        if (!Files.isDirectory(leaf)) {
            Files.createDirectories(leaf);
            syncDirectory(leaf.getParent().getParent());
            syncDirectory(leaf.getParent());
        }
        try {
            Files.createLink(target, staged.temp);
        } catch (FileAlreadyExistsException sameContent) {
            // Kept as it is; the sync below covers its name too.
        } catch (UnsupportedOperationException e) {
            throw new IOException("the blob directory does not support hard links: " + root, e);
        }
        syncDirectory(leaf);
    }

    void discard(Staged staged) {
        try {
            Files.deleteIfExists(staged.temp);
        } catch (IOException ignored) {
            // Temp files left behind are removed at the next open.
        }
    }

    boolean exists(String id) { return Files.isRegularFile(path(id)); }

    /** {@code length} bytes from {@code from} (fewer at the end of the blob); a negative length reads to the end. */
    InputStream open(String id, long from, long length) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(path(id), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IOException("message file " + id + " is missing", e);
        }
        try {
            long size = ch.size();
            long start = Math.min(Math.max(0, from), size);
            long remaining = length < 0 ? size - start : Math.min(length, size - start);
            ch.position(start);
            return new RangeStream(Channels.newInputStream(ch), remaining);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    void delete(String id) throws IOException { Files.deleteIfExists(path(id)); }

    /** Every published blob id (for the orphan sweep at open). */
    List<String> list() throws IOException {
        try (Stream<Path> files = Files.walk(root, 3)) {
            return files.filter(p -> p.getNameCount() == root.getNameCount() + 3 && !p.startsWith(tmp))
                    .map(p -> p.getFileName().toString()).filter(n -> ID.matcher(n).matches()).toList();
        }
    }

    private Path path(String id) {
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("not a blob id: " + id);
        return root.resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** A bounded view of a channel stream; closing it closes the file. */
    private static final class RangeStream extends InputStream {
        private final InputStream in;
        private long remaining;

        RangeStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = in.read();
            if (b >= 0) remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (remaining <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) remaining -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(Math.max(0, n), remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException { return (int) Math.min(in.available(), remaining); }

        @Override
        public void close() throws IOException { in.close(); }
    }
}
