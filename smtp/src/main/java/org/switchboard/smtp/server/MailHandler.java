package org.switchboard.smtp.server;

import java.io.IOException;
import java.util.List;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpReply;
import org.switchboard.smtp.delivery.MxResolver;

/**
 * MAIL FROM (RFC 5321 §4.1.1.2): starts a transaction once the sender passes the size,
 * SMTPUTF8, authentication and per-IP rate checks (guide part 1 §26.2).
 */
final class MailHandler {
    private MailHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.MailFrom c) throws IOException {
        SmtpSettings settings = s.server().settings();
        if (!(s.state() instanceof SmtpState.Greeted greeted)) {
            s.refuse(s.state() instanceof SmtpState.Connected
                    ? SmtpReply.of(503, "5.5.1", "Send EHLO or HELO first")
                    : SmtpReply.of(503, "5.5.1", "Nested MAIL command"));
            return;
        }
        if (s.port().requiresAuth && s.principal() == null) {
            s.refuse(SmtpReply.of(530, "5.7.0", "Authentication required"), LogKind.SECURITY, "submission without AUTH");
            return;
        }
        if (c.body() == SmtpCommand.Body.BINARY_MIME) {
            s.refuse(SmtpReply.of(555, "5.5.4", "BODY=BINARYMIME is not supported"));
            return;
        }
        if (c.from() != null && c.from().needsUtf8() && !c.smtpUtf8()) {
            // RFC 6531 §3.4: a non-ASCII address needs the SMTPUTF8 parameter.
            s.refuse(SmtpReply.of(553, "5.6.7", "Non-ASCII sender address requires SMTPUTF8"));
            return;
        }
        if (c.size() > settings.maxMessageBytes()) {
            s.refuse(SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size of " + settings.maxMessageBytes() + " octets"),
                    LogKind.MAIL, "declared SIZE " + c.size() + " over the limit");
            return;
        }
        long outgoing = s.principal() == null ? 0 : settings.outgoingLimitFor(s.principal().login());
        if (outgoing > 0 && c.size() > outgoing) {
            s.refuse(SmtpReply.of(552, "5.3.4", "Message size exceeds your outgoing limit of " + outgoing + " octets"),
                    LogKind.MAIL, "declared SIZE " + c.size() + " over the outgoing limit of " + s.principal().login());
            return;
        }
        if (!s.trusted() && settings.maxMessagesPerHourPerIp() > 0
                && s.server().limits().messagesInLastHour(s.client()) >= settings.maxMessagesPerHourPerIp()) {
            s.refuse(SmtpReply.of(450, "4.7.1", "Too many messages from your address in the last hour, try later"),
                    LogKind.SECURITY, "limit of " + settings.maxMessagesPerHourPerIp() + " messages per hour reached");
            return;
        }
        String sender = c.from() == null ? "" : c.from().toString();
        if (c.from() != null && s.principal() == null && settings.requireAuthForLocalSenders()
                && s.server().directory().canonicalDomain(c.from().domainLower()).isPresent()) {
            s.refuse(SmtpReply.of(530, "5.7.0", "Authentication required for senders in local domains"),
                    LogKind.SECURITY, "unauthenticated sender <" + sender + "> from a local domain");
            return;
        }
        if (c.from() != null && settings.requireSenderDomainDns() && !s.trusted() && s.principal() == null
                && s.server().directory().canonicalDomain(c.from().domainLower()).isEmpty()
                && !c.from().domain().startsWith("[")) {
            try {
                if (!s.server().resolver().hasMailRecords(c.from().domain())) {
                    s.refuse(SmtpReply.of(550, "5.1.8", "Sender address rejected: domain has no DNS record"),
                            LogKind.SECURITY, "sender domain " + c.from().domain() + " has no MX or address record");
                    return;
                }
            } catch (MxResolver.DnsFailure f) {
                s.refuse(f.permanent() ? SmtpReply.of(550, "5.1.8", "Sender address rejected: domain not found")
                                : SmtpReply.of(450, "4.1.8", "Sender address rejected: cannot check the domain now"),
                        LogKind.SECURITY, "sender domain check: " + f.getMessage());
                return;
            }
        }
        s.state(new SmtpState.InTransaction(greeted, c, List.of()));
        s.reply(SmtpReply.of(250, "2.1.0", "Sender <" + sender + "> OK"));
    }
}
