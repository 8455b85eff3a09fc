package org.switchboard.pop3;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.switchboard.core.auth.AuthService;
import org.switchboard.core.auth.SecuritySettings;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.session.ConnectedSessions;
import org.switchboard.net.Connection;
import org.switchboard.net.ConnectionHandler;
import org.switchboard.store.mail.MailStore;

/**
 * The POP3 service (RFC 1939) for ports 110 (STLS) and 995 (implicit TLS): the one public
 * entry of this module. Each connection gets a {@link Pop3Session}; a maildrop is locked by
 * at most one POP3 session at a time (RFC 1939 §8, answered with [IN-USE]).
 */
public final class Pop3Service implements ConnectionHandler {
    private final AuthService auth;
    private final Directory directory;
    private final MailStore store;
    private final ConnectedSessions sessions;
    private final Supplier<SecuritySettings> security;
    private final String hostName;
    private final Set<String> locked = ConcurrentHashMap.newKeySet();
    private volatile java.util.function.Consumer<java.net.InetAddress> onLogin = a -> {};

    public Pop3Service(AuthService auth, Directory directory, MailStore store, ConnectedSessions sessions,
                       Supplier<SecuritySettings> security, String hostName) {
        this.auth = auth;
        this.directory = directory;
        this.store = store;
        this.sessions = sessions;
        this.security = security;
        this.hostName = hostName;
    }

    @Override
    public void serve(Connection connection) throws IOException {
        new Pop3Session(this, connection).run();
    }

    /** Told the address of every successful POP3 login (the guide's POP3-before-SMTP relay window). */
    public void onLogin(java.util.function.Consumer<java.net.InetAddress> listener) { this.onLogin = listener; }

    void loggedIn(java.net.InetAddress from) { onLogin.accept(from); }

    AuthService auth() { return auth; }

    Directory directory() { return directory; }

    MailStore store() { return store; }

    ConnectedSessions sessions() { return sessions; }

    SecuritySettings security() { return security.get(); }

    String hostName() { return hostName; }

    boolean lock(String account) { return locked.add(account); }

    void unlock(String account) { locked.remove(account); }
}
