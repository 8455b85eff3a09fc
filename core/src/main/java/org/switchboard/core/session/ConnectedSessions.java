package org.switchboard.core.session;

import java.net.InetAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is connected right now (guide: Status → Active Connections): every protocol session
 * registers after login and closes its handle when it ends. Thread-safe.
 */
public final class ConnectedSessions {
    public record Entry(long id, String protocol, String user, String address, Instant since) {}

    /** Closing removes the session from the list. */
    public interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<Long, Entry> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final InstantSource clock;

    public ConnectedSessions(InstantSource clock) { this.clock = clock; }

    public Handle register(String protocol, String user, InetAddress from) {
        long id = ids.incrementAndGet();
        sessions.put(id, new Entry(id, protocol, user, from.getHostAddress(), clock.instant()));
        return () -> sessions.remove(id);
    }

    public List<Entry> list() {
        return sessions.values().stream().sorted(Comparator.comparing(Entry::since)).toList();
    }

    public long count(String protocol) { return sessions.values().stream().filter(e -> e.protocol().equals(protocol)).count(); }
}
