package org.switchboard.imap;

import org.switchboard.core.session.ConnectedSessions;

import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;
import org.switchboard.core.auth.AuthService;
import org.switchboard.core.auth.SecuritySettings;
import org.switchboard.imap.codec.ImapLimits;
import org.switchboard.store.mail.MailStore;

/**
 * What every IMAP session shares: the mail store, the auth service (and through it the directory), the
 * security settings as they are now, the host name (CRAM-MD5, greeting), the codec limits and the
 * registry of live sessions. Immutable; the services it names are thread-safe.
 */
public record ImapContext(MailStore store, AuthService auth, Supplier<SecuritySettings> security, String hostName,
                          ImapLimits limits, InstantSource clock, ConnectedSessions sessions) {
    public ImapContext {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sessions, "sessions");
    }
}
