package org.switchboard.net;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The connection's one read buffer: command lines and raw bytes (literals, message bodies) come out of
 * the same array, so switching between them never loses or repeats a byte. Used by the connection's
 * thread only. The source may be replaced only while the buffer is empty, which is what keeps
 * plaintext read before STARTTLS from being taken as protected data.
 */
final class LineInput extends InputStream {
    private static final int BUFFER_SIZE = 8192;

    private final byte[] buffer = new byte[BUFFER_SIZE];
    private InputStream source;
    private int pos;
    private int limit;
    private boolean bareLf;

    LineInput(InputStream source) {
        this.source = Objects.requireNonNull(source);
    }

    /** Bytes received but not yet consumed. */
    int buffered() { return limit - pos; }

    boolean lastLineHadBareLf() { return bareLf; }

    void replaceSource(InputStream next) {
        if (buffered() != 0) throw new IllegalStateException(buffered() + " unread bytes would be lost");
        source = Objects.requireNonNull(next);
    }

    /**
     * The next line without its CRLF or bare LF, or null at end of stream. A final line the peer never
     * terminated is dropped: a command is acted on only once complete (RFC 5321 §2.3.8).
     *
     * @throws LineTooLongException after discarding the line up to and including its LF
     */
    byte[] readLine(int maxLength) throws IOException {
        // One byte of slack: a CR right at the limit may turn out to be half of the CRLF.
        int ceiling = maxLength + 1;
        byte[] line = new byte[Math.min(ceiling, 128)];
        int length = 0;
        while (true) {
            if (pos == limit && !fill()) return null;
            int lf = indexOfLf();
            int end = lf < 0 ? limit : lf;
            int chunk = end - pos;
            if (length + chunk > ceiling) {
                if (lf < 0) {
                    pos = limit;
                    skipPastLf();
                } else {
                    pos = lf + 1;
                }
                throw new LineTooLongException(maxLength);
            }
            if (length + chunk > line.length) line = Arrays.copyOf(line, Math.min(ceiling, Math.max(line.length * 2, length + chunk)));
            System.arraycopy(buffer, pos, line, length, chunk);
            length += chunk;
            if (lf < 0) {
                pos = limit;
                continue;
            }
            pos = lf + 1;
            boolean crlf = length > 0 && line[length - 1] == '\r';
            if (crlf) length--;
            if (length > maxLength) throw new LineTooLongException(maxLength);
            bareLf = !crlf;
            return Arrays.copyOf(line, length);
        }
    }

    @Override
    public int read() throws IOException {
        if (pos == limit && !fill()) return -1;
        return buffer[pos++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) return 0;
        if (pos == limit) {
            // Large reads skip the copy; nothing is buffered so order is kept.
            if (length >= BUFFER_SIZE) return source.read(target, offset, length);
            if (!fill()) return -1;
        }
        int n = Math.min(length, limit - pos);
        System.arraycopy(buffer, pos, target, offset, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return buffered() + source.available();
    }

    /** The connection owns the socket: closing this view must not close or half-close it. */
    @Override
    public void close() {
    }

    private boolean fill() throws IOException {
        int n = source.read(buffer, 0, buffer.length);
        pos = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    private int indexOfLf() {
        for (int i = pos; i < limit; i++) if (buffer[i] == '\n') return i;
        return -1;
    }

    private void skipPastLf() throws IOException {
        while (pos < limit || fill()) {
            int lf = indexOfLf();
            if (lf >= 0) {
                pos = lf + 1;
                return;
            }
            pos = limit;
        }
    }
}
