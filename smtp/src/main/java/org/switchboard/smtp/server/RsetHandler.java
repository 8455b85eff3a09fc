package org.switchboard.smtp.server;

import java.io.IOException;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpReply;

/** RSET (RFC 5321 §4.1.1.5): drops the transaction, keeps the greeting and the login. */
final class RsetHandler {
    private RsetHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Rset c) throws IOException {
        s.abortData();
        if (s.state() instanceof SmtpState.InTransaction t) s.state(t.greeted());
        s.reply(SmtpReply.of(250, "2.0.0", "OK"));
    }
}
