package org.switchboard.core.settings;

import java.util.List;

/**
 * One network service (guide: Configuration → Services): whether it starts, where it listens
 * (the port offset given at start-up is added to every port), who may connect, how many at
 * once (0 = unlimited), the idle timeout and the longest protocol line accepted.
 */
public record ServiceSettings(String name, boolean enabled, List<Listen> listen, String allowedIpGroup,
                              int maxConnections, int idleTimeoutSeconds, int maxLineLength) {
    public ServiceSettings {
        listen = List.copyOf(listen);
    }

    /** A listening address and port; {@code tls} true means implicit TLS from the first byte. */
    public record Listen(String address, int port, boolean tls) {}

}
