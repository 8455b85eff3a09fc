package org.switchboard.smtp.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.switchboard.core.auth.AccessPolicy;
import org.switchboard.core.auth.AuthResult;
import org.switchboard.core.auth.sasl.SaslMechanism;
import org.switchboard.core.auth.sasl.SaslMechanisms;
import org.switchboard.core.auth.sasl.SaslStep;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpReply;

/**
 * AUTH (RFC 4954) through the server's SASL mechanisms and AuthService, so lockout, access
 * policies and the Security log apply as for every protocol. Only over TLS unless the security
 * settings allow plaintext logins (RFC 4954 §4, RFC 8314). A failure is remembered for the
 * session: relay then no longer falls back to the IP group (guide part 1 §26.1).
 */
final class AuthHandler {
    private static final SmtpReply FAILED = SmtpReply.of(535, "5.7.8", "Authentication credentials invalid");

    private AuthHandler() {
    }

    static boolean allowedNow(SmtpSession s) {
        return s.connection().isSecure() || s.server().auth().security().allowPlaintextWithoutTls();
    }

    static void handle(SmtpSession s, SmtpCommand.Auth c) throws IOException {
        if (s.state() instanceof SmtpState.Connected) {
            s.refuse(SmtpReply.of(503, "5.5.1", "Send EHLO first"));
            return;
        }
        if (s.principal() != null) {
            s.refuse(SmtpReply.of(503, "5.5.1", "Already authenticated"));
            return;
        }
        if (!(s.state() instanceof SmtpState.Greeted)) {
            s.refuse(SmtpReply.of(503, "5.5.1", "AUTH is not allowed during a mail transaction"));
            return;
        }
        if (!allowedNow(s)) {
            s.refuse(SmtpReply.of(538, "5.7.11", "Encryption required for requested authentication mechanism; use STARTTLS"),
                    LogKind.SECURITY, "AUTH without TLS");
            return;
        }
        if (!EhloHandler.AUTH_MECHANISMS.contains(c.mechanism())) {
            s.refuse(SmtpReply.of(504, "5.5.4", "Unrecognized authentication type"));
            return;
        }
        var auth = s.server().auth();
        SaslMechanism mechanism = SaslMechanisms.create(c.mechanism(),
                auth.saslBackend(s.port().service, AccessPolicy.Protocol.SMTP, s.client()), s.server().hostName());
        byte[] initial = null;
        if (c.initialResponse() != null) {
            initial = decode(c.initialResponse());
            if (initial == null) {
                s.refuse(SmtpReply.of(501, "5.5.2", "Cannot decode the initial response"));
                return;
            }
        }
        SaslStep step = mechanism.start(initial);
        while (true) {
            switch (step) {
                case SaslStep.Challenge ch -> {
                    s.reply(SmtpReply.of(334, null, Base64.getEncoder().encodeToString(ch.data())), true);
                    byte[] response = readResponse(s);
                    if (response == null) return;
                    step = mechanism.next(response);
                }
                case SaslStep.Success ok -> {
                    if (ok.additionalData() != null && ok.additionalData().length > 0) {
                        // RFC 4954 §4: additional data on success travels in a 334 answered by an empty line.
                        s.reply(SmtpReply.of(334, null, Base64.getEncoder().encodeToString(ok.additionalData())), true);
                        byte[] empty = readResponse(s);
                        if (empty == null) return;
                        if (empty.length != 0) {
                            fail(s, "client sent data after the final SCRAM message");
                            return;
                        }
                    }
                    AuthResult r = auth.afterSasl(s.port().service, AccessPolicy.Protocol.SMTP, s.client(), ok.authcid());
                    if (r instanceof AuthResult.Success success) {
                        s.principal(success.principal());
                        s.authFailed(false);
                        LogKind.debug("smtp-server", "{} authenticated as {} with {}", s.clientIp(), success.principal().login(), c.mechanism());
                        s.reply(SmtpReply.of(235, "2.7.0", "Authentication successful"));
                    } else {
                        fail(s, "account check failed");
                    }
                    return;
                }
                case SaslStep.Failure f -> {
                    fail(s, f.reason());
                    return;
                }
            }
        }
    }

    private static void fail(SmtpSession s, String reason) throws IOException {
        s.authFailed(true);
        LogKind.debug("smtp-server", "AUTH from {} failed: {}", s.clientIp(), reason);
        s.refuse(FAILED);
    }

    /** One SASL response line; null when the exchange ended (cancelled, bad base64, connection closed). */
    private static byte[] readResponse(SmtpSession s) throws IOException {
        byte[] line;
        try {
            line = s.input().readLine(s.server().codecLimits().maxAuthLine());
        } catch (org.switchboard.smtp.codec.SmtpInput.LineTooLongException e) {
            s.authFailed(true);
            s.refuse(SmtpReply.of(500, "5.5.6", "Authentication exchange line is too long"));
            return null;
        }
        if (line == null) {
            s.close();
            return null;
        }
        String text = new String(line, StandardCharsets.US_ASCII).strip();
        if (text.equals("*")) {
            // RFC 4954 §4: the client cancelled.
            s.authFailed(true);
            s.refuse(SmtpReply.of(501, "5.0.0", "Authentication cancelled"));
            return null;
        }
        byte[] decoded = decode(text);
        if (decoded == null) {
            s.authFailed(true);
            s.refuse(SmtpReply.of(501, "5.5.2", "Cannot decode the response"));
        }
        return decoded;
    }

    private static byte[] decode(String text) {
        if (text.equals("=")) return new byte[0];
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
