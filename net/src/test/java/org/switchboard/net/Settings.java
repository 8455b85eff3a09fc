package org.switchboard.net;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Test defaults for {@link ListenerSettings}, changed one field at a time. */
final class Settings {
    private final String service;
    private List<Binding> bindings = List.of(plain());
    private Predicate<InetAddress> allowed;
    private int maxConnections;
    private int maxConnectionsPerIp;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private int maxLineLength = 1000;

    private Settings(String service) {
        this.service = service;
    }

    static Settings service(String name) { return new Settings(name); }

    static Binding plain() { return new Binding("127.0.0.1", 0, TlsMode.NONE); }

    static Binding implicitTls() { return new Binding("127.0.0.1", 0, TlsMode.IMPLICIT); }

    Settings bindings(Binding... b) { bindings = List.of(b); return this; }

    Settings allowed(Predicate<InetAddress> p) { allowed = p; return this; }

    Settings maxConnections(int n) { maxConnections = n; return this; }

    Settings maxConnectionsPerIp(int n) { maxConnectionsPerIp = n; return this; }

    Settings idleTimeout(Duration d) { idleTimeout = d; return this; }

    Settings maxLineLength(int n) { maxLineLength = n; return this; }

    ListenerSettings build() {
        return new ListenerSettings(service, true, bindings, allowed, maxConnections, maxConnectionsPerIp, idleTimeout, maxLineLength);
    }
}
