package org.switchboard.imap;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logged-in sessions for the admin view (who, from where, over what, since when). Thread-safe: sessions
 * add and remove themselves from their own threads, the admin API reads a snapshot.
 */
public final class LiveSessions {
    /** One logged-in session; {@code protocol} is "IMAP" or "IMAPS" (TLS from the start or after STARTTLS). */
    public record LiveSession(long id, String user, String address, String protocol, Instant since) {}

    private final Map<Long, LiveSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    long add(String user, String address, String protocol, Instant since) {
        long id = ids.incrementAndGet();
        sessions.put(id, new LiveSession(id, user, address, protocol, since));
        return id;
    }

    void remove(long id) {
        sessions.remove(id);
    }

    public List<LiveSession> list() {
        return sessions.values().stream().sorted(Comparator.comparing(LiveSession::since).thenComparing(LiveSession::id)).toList();
    }

    public int count() { return sessions.size(); }
}
