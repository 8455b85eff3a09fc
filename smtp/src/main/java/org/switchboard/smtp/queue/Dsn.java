package org.switchboard.smtp.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.codec.EncoderUtil;
import org.switchboard.smtp.codec.EnhancedStatus;
import org.switchboard.smtp.codec.SmtpCommand;

/**
 * Writes a delivery status notification (RFC 3464) as a multipart/report (RFC 6522): a text
 * part for people, the machine-readable message/delivery-status part, and the original message
 * (RET=FULL) or its headers (RET=HDRS or no RET, RFC 3461 §4.3). Marked Auto-Submitted
 * (RFC 3834 §5) so responders do not answer it. The words for people come from {@link DsnTexts}. Stateless.
 */
final class Dsn {
    enum Action { FAILED, DELAYED, DELIVERED }

    /** One recipient's line in the report. */
    record Entry(Envelope.Recipient recipient, Action action, String reply, String remoteMta) {}

    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final int MAX_HEADER_BYTES = 256 * 1024;

    private Dsn() {
    }

    static void write(OutputStream out, String hostName, Envelope original, Path message, List<Entry> entries,
                      Instant now, Instant retryUntil, String dsnId, DsnTexts.Text text) throws IOException {
        Action action = entries.getFirst().action();
        String boundary = "=_dsn_" + dsnId;
        StringBuilder h = new StringBuilder();
        h.append("From: Mail Delivery System <MAILER-DAEMON@").append(hostName).append(">\r\n");
        h.append("To: <").append(original.from()).append(">\r\n");
        h.append("Subject: ").append(EncoderUtil.encodeIfNecessary(text.subject(action), EncoderUtil.Usage.TEXT_TOKEN, 9)).append("\r\n");
        h.append("Date: ").append(DATE.format(now)).append("\r\n");
        h.append("Message-ID: <").append(dsnId).append(".dsn@").append(hostName).append(">\r\n");
        h.append("Auto-Submitted: auto-replied\r\n");
        h.append("MIME-Version: 1.0\r\n");
        h.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary).append("\"\r\n");
        h.append("\r\nThis is a MIME-encapsulated message.\r\n\r\n");

        h.append("--").append(boundary).append("\r\n");
        StringBuilder human = new StringBuilder();
        human.append(text.intro(hostName)).append("\r\n\r\n");
        human.append(text.body(action, DATE.format(retryUntil))).append("\r\n\r\n");
        for (Entry e : entries) {
            human.append("<").append(e.recipient().address()).append(">: ").append(e.reply() == null ? "" : e.reply()).append("\r\n");
        }
        // The notice may travel to a server without 8BITMIME (RFC 6152), so words beyond ASCII go in base64.
        boolean ascii = human.chars().allMatch(ch -> ch < 128);
        h.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: ").append(ascii ? "7bit" : "base64").append("\r\n");
        h.append("Content-Language: ").append(text.language()).append("\r\n\r\n");
        h.append(ascii ? human : Base64.getMimeEncoder().encodeToString(human.toString().getBytes(StandardCharsets.UTF_8)) + "\r\n");
        h.append("\r\n--").append(boundary).append("\r\n");

        h.append("Content-Type: message/delivery-status\r\n\r\n");
        h.append("Reporting-MTA: dns; ").append(hostName).append("\r\n");
        if (original.envId() != null) h.append("Original-Envelope-Id: ").append(original.envId()).append("\r\n");
        h.append("Arrival-Date: ").append(DATE.format(original.arrived())).append("\r\n");
        for (Entry e : entries) {
            h.append("\r\nFinal-Recipient: rfc822; ").append(e.recipient().address()).append("\r\n");
            if (e.recipient().orcpt() != null) {
                h.append("Original-Recipient: ").append(e.recipient().orcpt().replaceFirst(";", "; ")).append("\r\n");
            }
            h.append("Action: ").append(action.name().toLowerCase(Locale.ROOT)).append("\r\n");
            h.append("Status: ").append(status(e.reply(), action)).append("\r\n");
            if (e.remoteMta() != null) h.append("Remote-MTA: dns; ").append(e.remoteMta()).append("\r\n");
            if (e.reply() != null && e.remoteMta() != null) h.append("Diagnostic-Code: smtp; ").append(e.reply()).append("\r\n");
            h.append("Last-Attempt-Date: ").append(DATE.format(now)).append("\r\n");
            if (action == Action.DELAYED) h.append("Will-Retry-Until: ").append(DATE.format(retryUntil)).append("\r\n");
        }
        h.append("\r\n--").append(boundary).append("\r\n");
        boolean full = original.ret() == SmtpCommand.Ret.FULL && action == Action.FAILED;
        h.append(full ? "Content-Type: message/rfc822\r\n\r\n" : "Content-Type: text/rfc822-headers\r\n\r\n");
        out.write(h.toString().getBytes(StandardCharsets.UTF_8));
        try (InputStream in = Files.newInputStream(message)) {
            if (full) in.transferTo(out);
            else copyHeaders(in, out);
        }
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** The status for the report: the reply's enhanced code if it has one of the right class, else a generic one. */
    static String status(String reply, Action action) {
        if (reply != null) {
            String[] p = reply.split(" ", 3);
            if (p.length >= 2) {
                EnhancedStatus s = EnhancedStatus.parse(p[1]);
                if (s != null) return s.toString();
            }
            if (!p[0].isEmpty() && p[0].chars().allMatch(Character::isDigit)) {
                char c = p[0].charAt(0);
                if (c == '2' || c == '4' || c == '5') return c + ".0.0";
            }
        }
        return switch (action) {
            case FAILED -> "5.0.0";
            case DELAYED -> "4.0.0";
            case DELIVERED -> "2.0.0";
        };
    }

    private static void copyHeaders(InputStream in, OutputStream out) throws IOException {
        int previous = -1;
        int lineLength = 0;
        for (int n = 0; n < MAX_HEADER_BYTES; n++) {
            int b = in.read();
            if (b < 0) return;
            out.write(b);
            if (b == '\n') {
                if (lineLength == 0) return;
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            }
            previous = b;
        }
        if (previous != '\n') out.write(new byte[] {'\r', '\n'});
    }
}
