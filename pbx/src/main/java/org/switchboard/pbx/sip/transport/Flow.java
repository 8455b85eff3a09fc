package org.switchboard.pbx.sip.transport;

import java.net.InetSocketAddress;

/**
 * Where a message came from, or goes to: transport, remote and local socket addresses, and for streams the
 * connection it arrived on. Replies and requests to NATed phones reuse the flow (RFC 3581, RFC 5626 §5).
 */
public record Flow(Transport transport, InetSocketAddress remote, InetSocketAddress local, StreamConnection connection) {
    public static Flow udp(InetSocketAddress remote, InetSocketAddress local) {
        return new Flow(Transport.UDP, remote, local, null);
    }

    @Override
    public String toString() {
        return transport + " " + remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
