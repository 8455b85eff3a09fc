package org.switchboard.imap.handler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.switchboard.core.auth.AccessPolicy;
import org.switchboard.core.auth.AuthService;
import org.switchboard.core.auth.sasl.SaslMechanism;
import org.switchboard.core.auth.sasl.SaslMechanisms;
import org.switchboard.core.auth.sasl.SaslStep;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/**
 * AUTHENTICATE (RFC 9051 §6.2.2) with SASL-IR (RFC 4959): challenges as "+ base64" lines, "*" cancels.
 * The mechanisms and every account check live in core; this only frames the exchange.
 */
final class AuthenticateHandler {
    void handle(ImapSession s, ImapRequest.Authenticate r) throws IOException {
        String name = r.mechanism();
        if (!s.offersMechanism(name)) {
            if ((name.equals("PLAIN") || name.equals("LOGIN")) && !s.plaintextAllowed()) {
                throw CommandFailure.no("PRIVACYREQUIRED", name + " is disabled until STARTTLS");
            }
            throw CommandFailure.no("CANNOT", "unsupported authentication mechanism " + name);
        }
        AuthService auth = s.context().auth();
        SaslMechanism mechanism = SaslMechanisms.create(name,
                auth.saslBackend(LoginHandler.SERVICE, AccessPolicy.Protocol.IMAP, s.remoteAddress()), s.context().hostName());
        byte[] initial = r.initialResponse() == null ? null : decode(r.initialResponse());
        SaslStep step = mechanism.start(initial);
        while (step instanceof SaslStep.Challenge challenge) {
            step = mechanism.next(respond(s, challenge.data()));
        }
        if (step instanceof SaslStep.Success success) {
            if (success.additionalData() != null) {
                // RFC 9051 §6.2.2: IMAP has no success-with-data, so it travels as one more challenge.
                respond(s, success.additionalData());
            }
            LoginHandler.admit(s, r, auth.afterSasl(LoginHandler.SERVICE, AccessPolicy.Protocol.IMAP, s.remoteAddress(), success.authcid()),
                    "AUTHENTICATE completed");
            return;
        }
        throw CommandFailure.no("AUTHENTICATIONFAILED", "Authentication failed");
    }

    private static byte[] respond(ImapSession s, byte[] challenge) throws IOException {
        s.out().raw("+ ").raw(Base64.getEncoder().encodeToString(challenge)).end();
        byte[] line = s.readRawLine();
        if (line == null) throw CommandFailure.bad("SASL response too long");
        String text = new String(line, StandardCharsets.US_ASCII);
        if (text.equals("*")) throw CommandFailure.bad("AUTHENTICATE cancelled");
        return decode(text);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.bad("invalid base64 in SASL response");
        }
    }
}
