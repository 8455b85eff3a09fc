package org.switchboard.smtp.server;

import java.io.IOException;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpReply;

/** QUIT (RFC 5321 §4.1.1.10): 221, then the connection closes; an unfinished transaction is dropped. */
final class QuitHandler {
    private QuitHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Quit c) throws IOException {
        s.abortData();
        s.reply(SmtpReply.of(221, "2.0.0", s.server().hostName() + " closing connection"), true);
        s.close();
    }
}
