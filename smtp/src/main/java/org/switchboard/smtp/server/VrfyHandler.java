package org.switchboard.smtp.server;

import java.io.IOException;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpReply;

/**
 * VRFY (RFC 5321 §3.5.3): answered with 252 for every argument, so it reveals nothing a
 * harvester could use; RCPT is where addresses are checked, and counted.
 */
final class VrfyHandler {
    private VrfyHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Vrfy c) throws IOException {
        s.reply(SmtpReply.of(252, "2.5.2", "Cannot VRFY user, but will accept message and attempt delivery"));
    }
}
