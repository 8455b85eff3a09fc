package org.switchboard.smtp.server;

import java.io.IOException;
import java.time.Instant;
import org.switchboard.smtp.codec.DataReader;
import org.switchboard.smtp.codec.MessageResult;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpReply;
import org.switchboard.smtp.queue.Spool;

/** DATA (RFC 5321 §4.1.1.4): streams the message into the spool through the codec's reader. */
final class DataHandler {
    private DataHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Data c) throws IOException {
        if (!(s.state() instanceof SmtpState.InTransaction t)) {
            s.refuse(SmtpReply.of(503, "5.5.1", "Need MAIL and RCPT commands first"));
            return;
        }
        if (t.recipients().isEmpty()) {
            // RFC 2920 §3.1: after pipelined RCPTs that all failed, DATA gets 554 rather than 354.
            s.refuse(SmtpReply.of(554, "5.5.1", "No valid recipients"));
            return;
        }
        Instant arrived = s.server().clock().instant();
        Spool.Writer writer = s.server().queue().spool().begin();
        try {
            byte[] trace = ReceivedHeader.build(s, t, writer.id(), arrived);
            writer.output().write(trace);
            s.reply(SmtpReply.of(354, null, "End data with <CR><LF>.<CR><LF>"), true);
            MessageResult result = new DataReader(s.server().codecLimits()).read(s.input(), writer.output());
            MessageAcceptance.finish(s, t, writer, result, trace.length, arrived);
        } finally {
            writer.abort();
        }
    }
}
