package org.switchboard.smtp.server;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-address counters for the guide's security options (part 1 §26.2): concurrent connections,
 * messages in the last hour, unknown recipients in the last hour. Thread-safe: every change
 * happens inside {@link ConcurrentHashMap#compute} for its key; entries with nothing left in
 * the window are dropped so the maps hold only active addresses.
 */
final class IpLimits {
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final int MAX_EVENTS = 100_000;

    private final InstantSource clock;
    private final ConcurrentHashMap<InetAddress, Integer> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Deque<Instant>> messages = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Deque<Instant>> unknown = new ConcurrentHashMap<>();

    IpLimits(InstantSource clock) {
        this.clock = clock;
    }

    /** Takes a connection slot unless {@code max} (0 = unlimited) are in use; false = refuse. */
    boolean open(InetAddress a, int max) {
        boolean[] ok = {true};
        connections.compute(a, (k, n) -> {
            int now = n == null ? 0 : n;
            if (max > 0 && now >= max) {
                ok[0] = false;
                return n;
            }
            return now + 1;
        });
        return ok[0];
    }

    void close(InetAddress a) {
        connections.computeIfPresent(a, (k, n) -> n <= 1 ? null : n - 1);
    }

    int messagesInLastHour(InetAddress a) { return count(messages, a); }

    void messageAccepted(InetAddress a) { add(messages, a); }

    /** Records an unknown recipient and returns how many this address tried in the last hour. */
    int unknownRecipient(InetAddress a) { return add(unknown, a); }

    private int count(ConcurrentHashMap<InetAddress, Deque<Instant>> map, InetAddress a) {
        int[] n = {0};
        Instant cutoff = clock.instant().minus(WINDOW);
        map.computeIfPresent(a, (k, d) -> {
            while (!d.isEmpty() && d.peekFirst().isBefore(cutoff)) d.pollFirst();
            n[0] = d.size();
            return d.isEmpty() ? null : d;
        });
        return n[0];
    }

    private int add(ConcurrentHashMap<InetAddress, Deque<Instant>> map, InetAddress a) {
        int[] n = {0};
        Instant now = clock.instant();
        Instant cutoff = now.minus(WINDOW);
        map.compute(a, (k, d) -> {
            Deque<Instant> q = d == null ? new ArrayDeque<>() : d;
            while (!q.isEmpty() && q.peekFirst().isBefore(cutoff)) q.pollFirst();
            q.addLast(now);
            // Bounds memory when a limit is off (0): the count saturates instead of growing forever.
            if (q.size() > MAX_EVENTS) q.pollFirst();
            n[0] = q.size();
            return q;
        });
        return n[0];
    }
}
