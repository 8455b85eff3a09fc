package org.switchboard.pbx.call;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which of our addresses a phone reaches us on, for Via, Contact and SDP when the sockets listen on the wildcard
 * address: the kernel's route choice, learned by connecting an unbound UDP socket (no packet is sent). Cached per
 * remote address. A configured media address overrides it (guide §25.2.2, exchange behind NAT).
 */
final class LocalAddresses {
    private final Map<InetAddress, InetAddress> cache = new ConcurrentHashMap<>();

    String toward(InetSocketAddress local, InetAddress remote, String configured) {
        if (configured != null && !configured.isBlank()) return configured;
        if (local != null && !local.getAddress().isAnyLocalAddress()) return local.getAddress().getHostAddress();
        return cache.computeIfAbsent(remote, r -> {
            try (DatagramSocket s = new DatagramSocket()) {
                s.connect(r, 9);
                return s.getLocalAddress();
            } catch (IOException e) {
                return InetAddress.getLoopbackAddress();
            }
        }).getHostAddress();
    }

    static String uriHost(String ip) { return ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip; }
}
