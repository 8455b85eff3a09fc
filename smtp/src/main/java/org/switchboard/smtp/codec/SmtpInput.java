package org.switchboard.smtp.codec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The server's one read buffer for an SMTP connection: command lines, SASL responses, DATA and
 * BDAT all come out of it, so switching between them never loses or repeats a byte, and the
 * message readers can scan whole buffers instead of single bytes without ever consuming what
 * follows the message (pipelined commands, RFC 2920). Used by the connection's thread only.
 * {@link #buffered()} must be 0 before STARTTLS: bytes read in plaintext must not count as
 * protected (RFC 3207 §6).
 */
public final class SmtpInput extends InputStream {
    private static final int BUFFER_SIZE = 16 * 1024;

    private final InputStream source;
    final byte[] buffer = new byte[BUFFER_SIZE];
    int pos;
    int limit;
    private boolean bareLf;

    public SmtpInput(InputStream source) {
        this.source = Objects.requireNonNull(source);
    }

    /** Bytes received but not consumed yet. */
    public int buffered() { return limit - pos; }

    /** Whether the last line from {@link #readLine} ended in a bare LF (RFC 5321 §2.3.8). */
    public boolean lastLineHadBareLf() { return bareLf; }

    /**
     * The next line without CRLF (or bare LF), or null at the end of the stream; an unterminated
     * last line is dropped, as a command counts only once complete.
     *
     * @throws LineTooLongException the line exceeded {@code max}; it was discarded up to its LF
     */
    public byte[] readLine(int max) throws IOException {
        byte[] line = new byte[Math.min(max + 1, 256)];
        int length = 0;
        while (true) {
            if (pos == limit && !fill()) return null;
            int lf = indexOf((byte) '\n', pos, limit);
            int end = lf < 0 ? limit : lf;
            int chunk = end - pos;
            if (length + chunk > max + 1) {
                pos = lf < 0 ? limit : lf + 1;
                if (lf < 0) skipPastLf();
                throw new LineTooLongException(max);
            }
            if (length + chunk > line.length) line = Arrays.copyOf(line, Math.min(max + 1, Math.max(line.length * 2, length + chunk)));
            System.arraycopy(buffer, pos, line, length, chunk);
            length += chunk;
            if (lf < 0) {
                pos = limit;
                continue;
            }
            pos = lf + 1;
            boolean crlf = length > 0 && line[length - 1] == '\r';
            if (crlf) length--;
            if (length > max) throw new LineTooLongException(max);
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
        if (pos == limit && !fill()) return -1;
        int n = Math.min(length, limit - pos);
        System.arraycopy(buffer, pos, target, offset, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return buffered() + source.available();
    }

    /** The connection owns the socket. */
    @Override
    public void close() {
    }

    /** Refills an empty buffer; false at the end of the stream. */
    boolean fill() throws IOException {
        int n = source.read(buffer, 0, buffer.length);
        pos = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) if (buffer[i] == b) return i;
        return -1;
    }

    private void skipPastLf() throws IOException {
        while (pos < limit || fill()) {
            int lf = indexOf((byte) '\n', pos, limit);
            if (lf >= 0) {
                pos = lf + 1;
                return;
            }
            pos = limit;
        }
    }

    /** A line exceeded its limit and was discarded; the session answers 500 and reads on. */
    public static final class LineTooLongException extends IOException {
        public LineTooLongException(int limit) {
            super("line longer than " + limit + " octets");
        }
    }
}
