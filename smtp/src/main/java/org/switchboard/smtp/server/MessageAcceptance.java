package org.switchboard.smtp.server;

import java.io.IOException;
import java.time.Instant;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.codec.MessageProblem;
import org.switchboard.smtp.codec.MessageResult;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpReply;
import org.switchboard.smtp.queue.Envelope;
import org.switchboard.smtp.queue.Spool;

/**
 * The end of DATA or of the last BDAT chunk: refuse what the reader found wrong, else make the
 * message durable in the queue and only then answer 250 (architecture principle 5).
 */
final class MessageAcceptance {
    /** RFC 5321 §6.3: a loop is assumed at this many Received fields ("normally at least 100"). */
    static final int MAX_HOPS = 100;

    private MessageAcceptance() {
    }

    static void finish(SmtpSession s, SmtpState.InTransaction t, Spool.Writer writer, MessageResult result, long traceBytes,
                       Instant arrived) throws IOException {
        try {
            MessageProblem problem = result.problem();
            if (problem == MessageProblem.NONE && result.eightBit() && t.mail().body() == SmtpCommand.Body.SEVEN_BIT && !t.mail().smtpUtf8()) {
                problem = MessageProblem.UNDECLARED_8BIT;
            }
            if (problem != MessageProblem.NONE) {
                s.refuse(problem.reply, LogKind.MAIL, "message from <" + sender(t) + "> refused: " + problem.name().toLowerCase(java.util.Locale.ROOT));
                return;
            }
            long outgoing = s.principal() == null ? 0 : s.server().settings().outgoingLimitFor(s.principal().login());
            if (outgoing > 0 && result.bytes() > outgoing) {
                s.refuse(SmtpReply.of(552, "5.3.4", "Message size exceeds your outgoing limit of " + outgoing + " octets"),
                        LogKind.MAIL, "message of " + s.principal().login() + " over the outgoing limit");
                return;
            }
            if (result.received() >= MAX_HOPS) {
                s.refuse(SmtpReply.of(554, "5.4.6", "Too many hops (" + result.received() + " Received fields): mail loop"),
                        LogKind.MAIL, "message from <" + sender(t) + "> looped");
                return;
            }
            Envelope e = new Envelope(writer.id(), sender(t), t.recipients(), arrived, result.bytes() + traceBytes,
                    t.mail().envId(), t.mail().ret(), t.mail().smtpUtf8(), result.eightBit(), s.clientIp(),
                    s.principal() == null ? null : s.principal().login(), 0, arrived, false, false);
            writer.commit(e);
            s.server().queue().queued(e);
            s.server().limits().messageAccepted(s.client());
            LogKind.MAIL.log("Recv: Queue-ID: {}, Service: {}, From: <{}>, To: {}, Size: {}, Sender-Host: {}, User: {}, SSL: {}",
                    e.id(), s.port().service, e.from(), e.recipients().stream().map(r -> "<" + r.address() + ">").toList(),
                    e.size(), s.clientIp(), e.authUser() == null ? "none" : e.authUser(), s.connection().isSecure() ? "yes" : "no");
            s.reply(SmtpReply.of(250, "2.0.0", "Ok: queued as " + e.id()));
        } finally {
            writer.abort();
            s.state(t.greeted());
        }
    }

    static String sender(SmtpState.InTransaction t) {
        return t.mail().from() == null ? "" : t.mail().from().toString();
    }
}
