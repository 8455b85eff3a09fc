package org.switchboard.smtp.server;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * POP-before-SMTP (guide part 1 §26.1): the POP3 service reports each successful login here,
 * and relay is allowed from that address for a configured number of minutes. Thread-safe; in
 * memory, so a restart forgets the windows (users simply check mail again).
 */
public final class PopBeforeSmtp {
    private static final int MAX_ENTRIES = 100_000;

    private final InstantSource clock;
    private final Map<InetAddress, Instant> lastLogin = new ConcurrentHashMap<>();

    public PopBeforeSmtp(InstantSource clock) {
        this.clock = clock;
    }

    /** Called by the POP3 service after a successful login from {@code address}. */
    public void loggedIn(InetAddress address) {
        if (lastLogin.size() >= MAX_ENTRIES) prune(Duration.ofHours(24));
        lastLogin.put(address, clock.instant());
    }

    boolean recent(InetAddress address, int minutes) {
        Instant at = lastLogin.get(address);
        return at != null && !clock.instant().isAfter(at.plus(Duration.ofMinutes(minutes)));
    }

    private void prune(Duration age) {
        Instant cutoff = clock.instant().minus(age);
        lastLogin.values().removeIf(t -> t.isBefore(cutoff));
    }
}
