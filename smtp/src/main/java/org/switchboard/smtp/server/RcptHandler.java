package org.switchboard.smtp.server;

import java.io.IOException;
import org.switchboard.core.directory.Domain;
import org.switchboard.core.directory.Resolution;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpReply;
import org.switchboard.smtp.queue.Envelope;

/**
 * RCPT TO (RFC 5321 §4.1.1.3): local recipients must resolve through the directory (aliases,
 * groups, catch-all) or are refused with 550 5.1.1; other domains need relay permission
 * ({@link RelayCheck}). Counts unknown recipients per address against directory harvesting.
 */
final class RcptHandler {
    private RcptHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.RcptTo c) throws IOException {
        SmtpSettings settings = s.server().settings();
        if (!(s.state() instanceof SmtpState.InTransaction t)) {
            s.refuse(SmtpReply.of(503, "5.5.1", "Need MAIL command first"));
            return;
        }
        if (c.to().needsUtf8() && !t.mail().smtpUtf8()) {
            s.refuse(SmtpReply.of(553, "5.6.7", "Non-ASCII recipient address requires SMTPUTF8"));
            return;
        }
        if (!s.trusted() && settings.maxRecipientsPerMessage() > 0 && t.recipients().size() >= settings.maxRecipientsPerMessage()) {
            // RFC 5321 §4.5.3.1.10: 452 tells the client to send the rest in another transaction.
            s.refuse(SmtpReply.of(452, "4.5.3", "Too many recipients"), LogKind.SECURITY,
                    "more than " + settings.maxRecipientsPerMessage() + " recipients in one message");
            return;
        }
        String address;
        if (c.postmaster()) {
            var primary = s.server().directory().primaryDomain();
            if (primary.isEmpty()) {
                s.refuse(SmtpReply.of(550, "5.1.1", "No postmaster here"), LogKind.MAIL, "no primary domain for <Postmaster>");
                return;
            }
            address = "postmaster@" + primary.map(Domain::name).get();
        } else {
            address = c.to().toString();
        }
        boolean local = !c.postmaster() ? s.server().directory().canonicalDomain(c.to().domainLower()).isPresent() : true;
        if (local && s.server().lists().match(address).isPresent()) {
            // A mailing list or one of its special addresses (guide part 1 §19): the list decides after DATA.
            LogKind.debug("smtp-server", "RCPT {} is a mailing list address", address);
        } else if (local) {
            Resolution r = s.server().directory().checkAddress(address);
            boolean anyLive = r.targets().stream().anyMatch(x -> !(x instanceof Resolution.Unknown)
                    && !(x instanceof Resolution.Mailbox m && !m.enabled()));
            if (!anyLive) {
                boolean disabled = r.targets().stream().anyMatch(x -> x instanceof Resolution.Mailbox m && !m.enabled());
                if (disabled) {
                    s.refuse(SmtpReply.of(550, "5.2.1", "<" + address + ">: Mailbox disabled"), LogKind.MAIL, "recipient account disabled");
                    return;
                }
                int unknown = s.server().limits().unknownRecipient(s.client());
                if (!s.trusted() && settings.maxUnknownRecipientsPerIp() > 0 && unknown > settings.maxUnknownRecipientsPerIp()) {
                    s.refuse(SmtpReply.of(421, "4.7.1", "Too many unknown recipients from your address, closing connection"),
                            LogKind.SECURITY, "limit of " + settings.maxUnknownRecipientsPerIp() + " unknown recipients per hour reached (directory harvest?)");
                    return;
                }
                s.refuse(SmtpReply.of(550, "5.1.1", "<" + address + ">: Recipient address rejected: User unknown"),
                        LogKind.MAIL, "unknown recipient <" + address + ">");
                return;
            }
        } else {
            String denied = RelayCheck.denial(s);
            if (denied != null) {
                s.refuse(SmtpReply.of(554, "5.7.1", "<" + address + ">: Relay access denied"), LogKind.SECURITY,
                        "relay to <" + address + "> refused: " + denied);
                return;
            }
        }
        String finalAddress = address;
        if (t.recipients().stream().noneMatch(r -> r.address().equalsIgnoreCase(finalAddress))) {
            s.state(t.with(new Envelope.Recipient(address, c.notifyOn(), c.orcpt(), Envelope.Status.PENDING, null, null)));
        }
        s.reply(SmtpReply.of(250, "2.1.5", "Recipient <" + address + "> OK"));
    }
}
