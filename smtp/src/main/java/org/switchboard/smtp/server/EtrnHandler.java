package org.switchboard.smtp.server;

import java.io.IOException;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpReply;

/**
 * ETRN (RFC 1985 §5): a host asks us to retry the mail we hold for its domain now. "@domain"
 * includes subdomains in the RFC; we match the domain suffix either way. "#queue" names are not
 * supported (458).
 */
final class EtrnHandler {
    private EtrnHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Etrn c) throws IOException {
        if (s.state() instanceof SmtpState.Connected) {
            s.refuse(SmtpReply.of(503, "5.5.1", "Send EHLO first"));
            return;
        }
        String node = c.node();
        if (node.startsWith("#")) {
            s.reply(SmtpReply.of(458, "4.5.0", "Unable to queue messages for node " + node));
            return;
        }
        String domain = node.startsWith("@") ? node.substring(1) : node;
        if (!domain.matches("[A-Za-z0-9.-]{1,253}")) {
            s.refuse(SmtpReply.of(501, "5.5.4", "Syntax: ETRN domain"));
            return;
        }
        int n = s.server().queue().retryDomain(domain);
        s.reply(n > 0 ? SmtpReply.of(250, "2.0.0", "Queuing for node " + domain + " started")
                : SmtpReply.of(251, "2.0.0", "OK, no messages waiting for node " + domain));
    }
}
