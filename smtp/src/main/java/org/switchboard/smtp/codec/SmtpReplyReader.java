package org.switchboard.smtp.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side: reads one possibly multi-line reply (RFC 5321 §4.2.1) from a server. Lenient
 * about a bare LF ending a line (servers are not the smuggling risk), strict about the code
 * format; bounded in line length and line count so a hostile server cannot exhaust memory.
 */
public final class SmtpReplyReader {
    private static final int MAX_LINE = 4096;
    private static final int MAX_LINES = 200;

    private SmtpReplyReader() {
    }

    /** @throws SmtpProtocolException the server sent something that is not a reply */
    public static SmtpReply read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        EnhancedStatus status = null;
        while (true) {
            String line = line(in);
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1)) || !Character.isDigit(line.charAt(2))) {
                throw new SmtpProtocolException("not an SMTP reply: " + abbreviate(line));
            }
            int c = Integer.parseInt(line.substring(0, 3));
            if (c < 200 || c > 599 || (code >= 0 && c != code)) throw new SmtpProtocolException("bad reply code: " + abbreviate(line));
            code = c;
            boolean more = line.length() > 3 && line.charAt(3) == '-';
            String text = line.length() > 4 ? line.substring(4) : "";
            int space = text.indexOf(' ');
            EnhancedStatus s = EnhancedStatus.parse(space < 0 ? text : text.substring(0, space));
            if (s != null && s.statusClass() == code / 100) {
                if (status == null) status = s;
                text = space < 0 ? "" : text.substring(space + 1);
            }
            lines.add(text);
            if (!more) return new SmtpReply(code, status, lines);
            if (lines.size() >= MAX_LINES) throw new SmtpProtocolException("reply has more than " + MAX_LINES + " lines");
        }
    }

    private static String line(InputStream in) throws IOException {
        byte[] b = new byte[256];
        int n = 0;
        while (true) {
            int c = in.read();
            if (c < 0) throw new EOFException("server closed the connection");
            if (c == '\n') break;
            if (n == MAX_LINE) throw new SmtpProtocolException("reply line longer than " + MAX_LINE + " octets");
            if (n == b.length) b = java.util.Arrays.copyOf(b, b.length * 2);
            b[n++] = (byte) c;
        }
        if (n > 0 && b[n - 1] == '\r') n--;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
