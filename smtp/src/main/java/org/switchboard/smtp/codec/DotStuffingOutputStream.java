package org.switchboard.smtp.codec;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The client side of DATA (RFC 5321 §4.5.2): doubles a dot at the start of a line, turns any bare
 * CR or LF into CRLF (we never emit what we refuse to receive, §2.3.8), and {@link #finish()}
 * writes the end marker. Does not close the underlying stream.
 */
public final class DotStuffingOutputStream extends FilterOutputStream {
    private boolean lineStart = true;
    private boolean cr;

    public DotStuffingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        boolean afterCr = cr;
        cr = false;
        if (afterCr && b != '\n') {
            out.write('\n');
            lineStart = true;
        }
        if (b == '\r') {
            out.write('\r');
            cr = true;
            return;
        }
        if (b == '\n') {
            if (!afterCr) out.write('\r');
            out.write('\n');
            lineStart = true;
            return;
        }
        if (lineStart && b == '.') out.write('.');
        lineStart = false;
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) write(b[i] & 0xff);
    }

    /** Ends the last line if needed and writes "." CRLF. */
    public void finish() throws IOException {
        if (cr) {
            out.write('\n');
            lineStart = true;
            cr = false;
        }
        if (!lineStart) out.write(new byte[] {'\r', '\n'});
        out.write(new byte[] {'.', '\r', '\n'});
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
