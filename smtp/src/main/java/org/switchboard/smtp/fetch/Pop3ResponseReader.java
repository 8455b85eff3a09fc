package org.switchboard.smtp.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The client side of the POP3 codec (RFC 1939 §3): status lines and dot-terminated multi-line
 * responses, with the termination octet removed from dot-stuffed lines. Pure over the streams it
 * is given; bounded in line length, listing size and message size so a hostile server cannot
 * exhaust memory or disk. A bare LF ends a line (servers are not the smuggling risk); message
 * lines come out with CRLF as the queue stores them.
 */
final class Pop3ResponseReader {
    /** RFC 2449 §4 allows 512 octets per response line; real servers stay below this. */
    static final int MAX_STATUS_LINE = 4096;
    /** RFC 5322 §2.1.1 says 998; some mailers write longer lines, so allow them within reason. */
    static final int MAX_MESSAGE_LINE = 1024 * 1024;

    private Pop3ResponseReader() {
    }

    static Pop3Response status(InputStream in) throws IOException {
        String line = new String(line(in, MAX_STATUS_LINE), StandardCharsets.UTF_8);
        if (line.startsWith("+OK")) return new Pop3Response(true, line.substring(3).strip());
        if (line.startsWith("-ERR")) return new Pop3Response(false, line.substring(4).strip());
        throw new FetchException("not a POP3 response: " + abbreviate(line));
    }

    /** A multi-line listing (UIDL, LIST) after its +OK, at most {@code maxLines} lines. */
    static List<String> listing(InputStream in, int maxLines) throws IOException {
        List<String> out = new ArrayList<>();
        while (true) {
            byte[] l = line(in, MAX_STATUS_LINE);
            if (l.length == 1 && l[0] == '.') return out;
            if (out.size() == maxLines) throw new FetchException("listing longer than " + maxLines + " lines");
            int from = l.length > 0 && l[0] == '.' ? 1 : 0;
            out.add(new String(l, from, l.length - from, StandardCharsets.UTF_8));
        }
    }

    /** Copies a message (after RETR's +OK) to {@code out} with CRLF line ends; returns its size. */
    static long message(InputStream in, OutputStream out, long maxBytes) throws IOException {
        long size = 0;
        while (true) {
            byte[] l = line(in, MAX_MESSAGE_LINE);
            if (l.length == 1 && l[0] == '.') return size;
            int from = l.length > 0 && l[0] == '.' ? 1 : 0;
            size += l.length - from + 2;
            if (size > maxBytes) throw new FetchException("message larger than " + maxBytes + " octets");
            out.write(l, from, l.length - from);
            out.write('\r');
            out.write('\n');
        }
    }

    private static byte[] line(InputStream in, int max) throws IOException {
        byte[] b = new byte[256];
        int n = 0;
        while (true) {
            int c = in.read();
            if (c < 0) throw new EOFException("the server closed the connection");
            if (c == '\n') break;
            if (n == max) throw new FetchException("response line longer than " + max + " octets");
            if (n == b.length) b = Arrays.copyOf(b, Math.min(b.length * 2, max + 1));
            b[n++] = (byte) c;
        }
        if (n > 0 && b[n - 1] == '\r') n--;
        return Arrays.copyOf(b, n);
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }
}
