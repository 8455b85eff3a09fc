package org.switchboard.pbx.registrar;

import java.net.InetAddress;
import java.util.Optional;
import org.switchboard.core.auth.AuthResult;
import org.switchboard.core.auth.AuthService;
import org.switchboard.core.directory.User;
import org.switchboard.core.log.LogKind;
import org.switchboard.pbx.extension.Extension;
import org.switchboard.pbx.extension.Extensions;
import org.switchboard.pbx.sip.codec.HeaderNames;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.transaction.ServerTransaction;

/**
 * Who is calling or registering: digest credentials checked against the extension's SIP password (also for its
 * generated per-device user names, which share it as the guide's one "SIP password" field does), 401/407
 * challenges that are the same for every user name (no enumeration oracle), failures counted by the shared
 * lockout with "Authentication failed" in the Security log (guide §5.3), disabled owners refused. A source the
 * lockout blocks gets no answer at all. Thread-safe.
 */
public final class SipAuthentication {
    public static final String SERVICE = "sip";

    private final DigestAuthenticator digest;
    private final Extensions extensions;
    private final AuthService auth;

    public SipAuthentication(DigestAuthenticator digest, Extensions extensions, AuthService auth) {
        this.digest = digest;
        this.extensions = extensions;
        this.auth = auth;
    }

    public DigestAuthenticator digest() { return digest; }

    /**
     * The authenticated extension, or empty after this method has answered the transaction (challenge, 403) or
     * decided not to answer (blocked source). {@code proxy} selects 407/Proxy-Authorization (requests the
     * exchange forwards, RFC 3261 §22.3) over 401/Authorization (REGISTER, §22.2).
     */
    public Optional<SipIdentity> authenticate(ServerTransaction tx, boolean proxy) {
        InetAddress from = tx.flow().remote().getAddress();
        if (auth.lockout().isBlocked(SERVICE, from)) return Optional.empty();
        String header = proxy ? HeaderNames.PROXY_AUTHORIZATION : HeaderNames.AUTHORIZATION;
        DigestAuthenticator.Verdict verdict = digest.verify(tx.request(), header,
                user -> extensions.bySipUser(user).flatMap(extensions::sipPassword));
        switch (verdict) {
            case DigestAuthenticator.Missing m -> challenge(tx, proxy, false);
            case DigestAuthenticator.Stale s -> challenge(tx, proxy, true);
            case DigestAuthenticator.Invalid i -> fail(tx, proxy, i.username(), from);
            case DigestAuthenticator.Failed f -> fail(tx, proxy, f.username(), from);
            case DigestAuthenticator.Ok ok -> {
                Extension x = extensions.bySipUser(ok.username()).orElseThrow();
                String account = extensions.owner(x).map(User::address).orElse(null);
                if (!extensions.active(x)) {
                    auth.fail(SERVICE, from, ok.username(), account, AuthResult.Reason.DISABLED, false);
                    tx.respond(403);
                    return Optional.empty();
                }
                auth.lockout().success(SERVICE, from, account);
                return Optional.of(new SipIdentity(x, ok.username()));
            }
        }
        return Optional.empty();
    }

    private void fail(ServerTransaction tx, boolean proxy, String username, InetAddress from) {
        String account = extensions.bySipUser(username).flatMap(extensions::owner).map(User::address).orElse(null);
        auth.fail(SERVICE, from, username, account, AuthResult.Reason.BAD_CREDENTIALS, true);
        if (auth.lockout().isBlocked(SERVICE, from)) {
            LogKind.debug("sip", "{} blocked after this failure: not answered", from.getHostAddress());
            return;
        }
        // The same challenge a first attempt gets: a 403 here would tell a guesser the user name exists.
        challenge(tx, proxy, false);
    }

    private void challenge(ServerTransaction tx, boolean proxy, boolean stale) {
        int status = proxy ? 407 : 401;
        SipResponse r = SipResponse.to(tx.request(), status, SipResponse.reasonFor(status), tx.localTag());
        var h = r.headers();
        for (String c : digest.challenges(stale)) h = h.add(proxy ? HeaderNames.PROXY_AUTHENTICATE : HeaderNames.WWW_AUTHENTICATE, c);
        tx.respond(r.withHeaders(h));
    }
}
