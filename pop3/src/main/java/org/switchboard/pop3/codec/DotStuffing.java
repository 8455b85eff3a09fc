package org.switchboard.pop3.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes a message as a POP3 multi-line response body (RFC 1939 §3): lines end in CRLF
 * (bare LF and bare CR are normalised), a line starting with '.' gets another '.', and the
 * terminating ".CRLF" follows. Streams with a small buffer; never holds the message.
 */
public final class DotStuffing {
    private DotStuffing() {}

    /** Copies at most {@code maxBodyLines} body lines after the header (-1 = all), as TOP does. */
    public static void write(InputStream in, OutputStream out, int maxBodyLines) throws IOException {
        boolean lineStart = true, inHeader = true, lastWasCr = false;
        int bodyLines = 0;
        boolean stop = false;
        byte[] buf = new byte[8192];
        int n;
        int lineLength = 0;
        outer:
        while (!stop && (n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                int b = buf[i] & 0xff;
                if (lastWasCr && b == '\n') { lastWasCr = false; continue; }
                lastWasCr = false;
                if (lineStart) {
                    if (!inHeader && maxBodyLines >= 0 && bodyLines >= maxBodyLines) { stop = true; break outer; }
                    if (b == '.') out.write('.');
                    lineStart = false;
                    lineLength = 0;
                }
                if (b == '\r' || b == '\n') {
                    out.write('\r');
                    out.write('\n');
                    if (inHeader && lineLength == 0) inHeader = false;
                    else if (!inHeader) bodyLines++;
                    lineStart = true;
                    lastWasCr = b == '\r';
                } else {
                    out.write(b);
                    lineLength++;
                }
            }
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write('.');
        out.write('\r');
        out.write('\n');
    }
}
