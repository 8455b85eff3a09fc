package org.switchboard.smtp.server;

import java.io.IOException;
import java.time.Instant;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.codec.ChunkReader;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpReply;
import org.switchboard.smtp.queue.Spool;

/**
 * BDAT (RFC 3030 CHUNKING): the chunk is always read off the wire, even when it is refused, so
 * the next command is found where the client put it. A refused chunk ends the transaction.
 */
final class BdatHandler {
    private BdatHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Bdat c) throws IOException {
        SmtpState.ReceivingData receiving;
        if (s.state() instanceof SmtpState.ReceivingData r) {
            receiving = r;
        } else if (s.state() instanceof SmtpState.InTransaction t && !t.recipients().isEmpty()) {
            Spool.Writer writer = s.server().queue().spool().begin();
            byte[] trace = ReceivedHeader.build(s, t, writer.id(), s.server().clock().instant());
            writer.output().write(trace);
            receiving = new SmtpState.ReceivingData(t, writer, new ChunkReader(s.server().codecLimits(), writer.output()), trace.length);
            s.state(receiving);
        } else {
            s.input().skipNBytes(c.size());
            s.refuse(s.state() instanceof SmtpState.InTransaction
                    ? SmtpReply.of(554, "5.5.1", "No valid recipients")
                    : SmtpReply.of(503, "5.5.1", "Need MAIL and RCPT commands first"));
            return;
        }
        receiving.chunks().chunk(s.input(), c.size());
        var result = receiving.chunks().result();
        if (!result.ok()) {
            s.abortData();
            s.refuse(result.problem().reply, LogKind.MAIL, "BDAT message from <" + MessageAcceptance.sender(receiving.transaction())
                    + "> refused: " + result.problem().name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        if (!c.last()) {
            s.reply(SmtpReply.of(250, "2.0.0", c.size() + " octets received"));
            return;
        }
        Instant arrived = s.server().clock().instant();
        MessageAcceptance.finish(s, receiving.transaction(), receiving.writer(), result, receiving.receivedHeaderBytes(), arrived);
    }
}
