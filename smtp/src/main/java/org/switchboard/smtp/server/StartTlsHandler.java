package org.switchboard.smtp.server;

import java.io.IOException;
import org.switchboard.core.log.LogKind;
import org.switchboard.net.TlsUpgradeException;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpReply;

/**
 * STARTTLS (RFC 3207): after the handshake the session forgets everything the client said
 * before (RFC 3207 §4.2), so plaintext commands can never count as protected ones.
 */
final class StartTlsHandler {
    private StartTlsHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.StartTls c) throws IOException {
        if (s.connection().isSecure()) {
            s.refuse(SmtpReply.of(503, "5.5.1", "TLS is already active"));
            return;
        }
        if (!s.connection().canUpgradeToTls()) {
            s.refuse(SmtpReply.of(454, "4.7.0", "TLS not available"));
            return;
        }
        if (s.state() instanceof SmtpState.InTransaction) {
            s.refuse(SmtpReply.of(503, "5.5.1", "STARTTLS is not allowed during a mail transaction"));
            return;
        }
        if (s.input().buffered() > 0) {
            // RFC 3207 §6 / CVE-2021-38542: commands pipelined after STARTTLS arrived in plaintext
            // and must never be taken as the first protected ones.
            LogKind.SECURITY.log("SMTP {} from {}: {} bytes sent after STARTTLS before the handshake (command injection); closed",
                    s.port().service, s.clientIp(), s.input().buffered());
            s.refuse(SmtpReply.of(554, "5.5.1", "Commands after STARTTLS must wait for the TLS handshake"));
            s.close();
            return;
        }
        s.reply(SmtpReply.of(220, "2.0.0", "Ready to start TLS"), true);
        try {
            s.connection().upgradeToTls();
        } catch (TlsUpgradeException e) {
            // We already said 220; the client now speaks TLS (or injected commands), so there is no safe way on.
            LogKind.SECURITY.log("SMTP {} from {}: STARTTLS aborted: {}", s.port().service, s.clientIp(), e.getMessage());
            s.close();
            return;
        }
        s.state(new SmtpState.Connected());
        s.principal(null);
        s.authFailed(false);
    }
}
