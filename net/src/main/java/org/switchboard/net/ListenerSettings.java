package org.switchboard.net;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a {@link TcpListener} needs to know about one service.
 *
 * @param service short name used in logs and thread names ("smtp", "imap", "sip-tcp")
 * @param enabled a disabled service binds nothing when started
 * @param bindings where to listen
 * @param allowed IP restriction checked before any byte is read; {@code null} lets anyone in
 * @param maxConnections simultaneous connections for the whole service; 0 = unlimited
 * @param maxConnectionsPerIp simultaneous connections from one remote address; 0 = unlimited
 * @param idleTimeout how long a read (and a TLS handshake) may wait, and how long a write may stay
 *                    blocked on a peer that does not read; {@link Duration#ZERO} = no limit
 * @param maxLineLength longest line {@link Connection#readLine()} accepts, in bytes without the line end
 */
public record ListenerSettings(String service, boolean enabled, List<Binding> bindings,
        Predicate<InetAddress> allowed, int maxConnections, int maxConnectionsPerIp,
        Duration idleTimeout, int maxLineLength) {

    public ListenerSettings {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (service.isBlank()) throw new IllegalArgumentException("service name is empty");
        bindings = List.copyOf(Objects.requireNonNull(bindings, "bindings"));
        if (maxConnections < 0) throw new IllegalArgumentException(service + ": maxConnections < 0");
        if (maxConnectionsPerIp < 0) throw new IllegalArgumentException(service + ": maxConnectionsPerIp < 0");
        if (idleTimeout.isNegative()) throw new IllegalArgumentException(service + ": idleTimeout is negative");
        if (maxLineLength <= 0) throw new IllegalArgumentException(service + ": maxLineLength must be positive");
    }
}
