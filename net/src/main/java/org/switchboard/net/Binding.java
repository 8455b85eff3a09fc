package org.switchboard.net;

import java.util.Objects;

/**
 * One address and port a service listens on.
 *
 * @param address an IP literal ("0.0.0.0", "::", "127.0.0.1") or a host name resolved at start
 * @param port 0..65535; 0 lets the system pick (see {@link TcpListener#boundAddresses()})
 * @param tls whether TLS starts with the first byte
 */
public record Binding(String address, int port, TlsMode tls) {
    public Binding {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        if (address.isBlank()) throw new IllegalArgumentException("binding address is empty");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }

    /** "address:port", with IPv6 literals in brackets, for messages. */
    @Override
    public String toString() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
