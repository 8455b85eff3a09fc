package org.switchboard.smtp.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads the BDAT chunks of one message (RFC 3030 §2): exactly the announced octets each time, no
 * dot-stuffing, the same size, NUL and header checks as DATA across all chunks. A chunk is always
 * read to its end, even after a problem, so the next command is found where the client put it.
 * One per transaction, not thread-safe.
 */
public final class ChunkReader {
    private static final int BUFFER = 16 * 1024;

    private final MessageChecks checks;

    public ChunkReader(SmtpLimits limits, OutputStream sink) {
        this.checks = new MessageChecks(limits, sink);
    }

    /** @throws EOFException the stream ended inside the chunk */
    public void chunk(InputStream in, long size) throws IOException {
        byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(size, 1))];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) throw new EOFException("connection closed inside a BDAT chunk");
            checks.accept(buffer, 0, n);
            left -= n;
        }
        checks.flush();
    }

    /** Marks the message refused without reading more (e.g. a declared chunk already beyond the size limit). */
    public void fail(MessageProblem problem) { checks.fail(problem); }

    public MessageResult result() { return checks.result(); }
}
