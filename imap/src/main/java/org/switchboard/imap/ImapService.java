package org.switchboard.imap;

import org.switchboard.core.session.ConnectedSessions;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.switchboard.imap.handler.Commands;
import org.switchboard.net.Binding;
import org.switchboard.net.ConnectionHandler;
import org.switchboard.net.ListenerSettings;
import org.switchboard.net.TcpListener;
import org.switchboard.net.TlsMode;

/**
 * The IMAP service: the one public entry of this module. Builds the listener handler that runs an
 * {@link ImapSession} per connection, on port 143 (STARTTLS, RFC 9051 §6.2.1) and 993 (implicit TLS,
 * RFC 8314 §3.2) or wherever the settings bind. Thread-safe; sessions share only the context.
 */
public final class ImapService {
    /** RFC 9051 §5.4: an inactivity timer of at least 30 minutes. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(31);

    private final ImapContext context;
    private final Commands commands = new Commands();

    public ImapService(ImapContext context) {
        this.context = context;
    }

    public ImapContext context() { return context; }

    /** Logged-in sessions for the admin view. */
    public ConnectedSessions sessions() { return context.sessions(); }

    /** Runs one IMAP session per accepted connection. */
    public ConnectionHandler handler() {
        return connection -> serve(new ConnectionChannel(connection));
    }

    /** A listener for these settings; {@code tls} serves IMPLICIT bindings and STARTTLS (null: neither). */
    public TcpListener listener(ListenerSettings settings, SSLContext tls) {
        return new TcpListener(settings, tls, handler());
    }

    /** Default bindings: 143 with STARTTLS and 993 with implicit TLS on {@code address}, ports shifted by {@code offset}. */
    public static ListenerSettings defaultSettings(String address, int offset) {
        return new ListenerSettings("imap", true, List.of(new Binding(address, 143 + offset, TlsMode.NONE),
                new Binding(address, 993 + offset, TlsMode.IMPLICIT)), null, 0, 0, IDLE_TIMEOUT, 64 * 1024);
    }

    void serve(ImapChannel channel) throws IOException {
        new ImapSession(context, channel, commands).run();
    }
}
