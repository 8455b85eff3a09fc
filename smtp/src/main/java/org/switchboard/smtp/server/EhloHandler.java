package org.switchboard.smtp.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpReply;

/** EHLO and HELO (RFC 5321 §4.1.1.1): reset any transaction and list the extensions we offer. */
final class EhloHandler {
    static final List<String> AUTH_MECHANISMS = List.of("SCRAM-SHA-256", "PLAIN", "LOGIN");

    private EhloHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Ehlo c) throws IOException {
        s.abortData();
        s.state(new SmtpState.Greeted(c.domain(), c.extended()));
        String host = s.server().hostName();
        if (!c.extended()) {
            s.reply(new SmtpReply(250, null, List.of(host)));
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(host + " Hello " + c.domain() + " [" + s.clientIp() + "]");
        lines.add("PIPELINING");
        lines.add("SIZE " + s.server().settings().maxMessageBytes());
        lines.add("8BITMIME");
        lines.add("SMTPUTF8");
        lines.add("ENHANCEDSTATUSCODES");
        lines.add("DSN");
        lines.add("CHUNKING");
        lines.add("ETRN");
        if (s.connection().canUpgradeToTls()) lines.add("STARTTLS");
        if (s.principal() == null && AuthHandler.allowedNow(s)) lines.add("AUTH " + String.join(" ", AUTH_MECHANISMS));
        // RFC 2034 §3: no enhanced status code on the EHLO reply.
        s.reply(new SmtpReply(250, null, lines));
    }
}
