package org.switchboard.smtp.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.switchboard.smtp.queue.Envelope;

/**
 * The trace field we prepend to every accepted message (RFC 5321 §4.4): who sent it, from
 * where, how (the "with" protocol per RFC 3848 and RFC 6531 §4.3), our queue id, and the
 * recipient when there is only one (more would disclose Bcc recipients).
 */
final class ReceivedHeader {
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private ReceivedHeader() {
    }

    static byte[] build(SmtpSession s, SmtpState.InTransaction t, String queueId, Instant now) {
        StringBuilder with = new StringBuilder(t.mail().smtpUtf8() ? "UTF8SMTP" : t.greeted().esmtp() ? "ESMTP" : "SMTP");
        if (s.connection().isSecure()) with.append('S');
        if (s.principal() != null) with.append('A');
        StringBuilder b = new StringBuilder("Received: from ");
        b.append(clean(t.greeted().helo())).append(" ([").append(s.clientIp()).append("])\r\n");
        s.connection().tlsSession().ifPresent(tls ->
                b.append("\t(using ").append(tls.getProtocol()).append(" with cipher ").append(tls.getCipherSuite()).append(")\r\n"));
        b.append("\tby ").append(s.server().hostName()).append(" (Switchboard) with ").append(with).append(" id ").append(queueId).append("\r\n");
        List<Envelope.Recipient> r = t.recipients();
        if (r.size() == 1) b.append("\tfor <").append(r.getFirst().address()).append(">");
        else b.append('\t');
        b.append("; ").append(DATE.format(now)).append("\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The HELO name is the client's text: keep it printable and short so it cannot break the header. */
    private static String clean(String helo) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < helo.length() && i < 255; i++) {
            char c = helo.charAt(i);
            b.append(c < 0x21 || c == 0x7f || c == '(' || c == ')' ? '_' : c);
        }
        return b.toString();
    }
}
