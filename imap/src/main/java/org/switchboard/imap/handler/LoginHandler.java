package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.core.auth.AccessPolicy;
import org.switchboard.core.auth.AuthResult;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/**
 * LOGIN (RFC 9051 §6.2.3) through the AuthService like every login: lockout, access policy for IMAP,
 * Security log. Failures are answered generically; the reason goes to the log only.
 */
final class LoginHandler {
    static final String SERVICE = "imap";

    void handle(ImapSession s, ImapRequest.Login r) throws IOException {
        if (!s.plaintextAllowed()) throw CommandFailure.no("PRIVACYREQUIRED", "LOGIN is disabled until STARTTLS");
        AuthResult result = s.context().auth().authenticate(SERVICE, AccessPolicy.Protocol.IMAP, s.remoteAddress(), r.user(), r.password());
        admit(s, r, result, "LOGIN completed");
    }

    /** Shared with AUTHENTICATE: the state change and the tagged answer. */
    static void admit(ImapSession s, ImapRequest r, AuthResult result, String text) throws IOException {
        if (!(result instanceof AuthResult.Success ok)) {
            throw CommandFailure.no("AUTHENTICATIONFAILED", "Authentication failed");
        }
        if (ok.principal().isBuiltinAdmin()) {
            throw CommandFailure.no("AUTHORIZATIONFAILED", "the built-in administrator has no mailbox");
        }
        s.loggedIn(ok.principal());
        // RFC 9051 §6.2.3: the capabilities change after login; sending them saves the client a round trip.
        s.ok(r, "CAPABILITY " + s.capabilities(), text);
    }
}
