package org.switchboard.web.api;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.settings.AdminSettings;

/**
 * Admin login sessions: random bearer tokens held in memory with an idle timeout, a maximum
 * lifetime and, if configured, logout when the client IP changes. A restart logs everyone out.
 */
public final class Sessions {
    public record Session(String token, Principal principal, InetAddress address, Instant created, Instant lastSeen) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final Supplier<AdminSettings> settings;

    public Sessions(InstantSource clock, Supplier<AdminSettings> settings) {
        this.clock = clock;
        this.settings = settings;
    }

    public Session create(Principal principal, InetAddress address) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Instant now = clock.instant();
        Session s = new Session(token, principal, address, now, now);
        sessions.put(token, s);
        return s;
    }

    /** The live session for a token, refreshed; empty when unknown or expired (and then removed). */
    public Optional<Session> touch(String token, InetAddress address) {
        Session s = sessions.get(token);
        if (s == null) return Optional.empty();
        AdminSettings a = settings.get();
        Instant now = clock.instant();
        boolean expired = now.isAfter(s.lastSeen().plus(Duration.ofMinutes(a.sessionIdleMinutes())))
                || now.isAfter(s.created().plus(Duration.ofMinutes(a.sessionMaxMinutes())))
                || (a.logoutOnIpChange() && !s.address().equals(address));
        if (expired) {
            sessions.remove(token);
            return Optional.empty();
        }
        Session t = new Session(s.token(), s.principal(), s.address(), s.created(), now);
        sessions.put(token, t);
        return Optional.of(t);
    }

    public Instant expiresAt(Session s) {
        AdminSettings a = settings.get();
        Instant idle = s.lastSeen().plus(Duration.ofMinutes(a.sessionIdleMinutes()));
        Instant max = s.created().plus(Duration.ofMinutes(a.sessionMaxMinutes()));
        return idle.isBefore(max) ? idle : max;
    }

    public void remove(String token) { sessions.remove(token); }

    /** Ends every session of an account (disabled, removed, password changed). */
    public void removeAll(String login) { sessions.values().removeIf(s -> s.principal().login().equalsIgnoreCase(login)); }
}
