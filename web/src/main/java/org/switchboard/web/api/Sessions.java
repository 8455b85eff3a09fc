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
 * Each session also carries the console's CSRF synchronizer token (the API never needs it:
 * bearer tokens are not sent by browsers on their own).
 */
public final class Sessions {
    public record Session(String token, Principal principal, InetAddress address, Instant created, Instant lastSeen, String csrf) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final Supplier<AdminSettings> settings;

    public Sessions(InstantSource clock, Supplier<AdminSettings> settings) {
        this.clock = clock;
        this.settings = settings;
    }

    public Session create(Principal principal, InetAddress address) {
        String token = randomToken();
        Instant now = clock.instant();
        Session s = new Session(token, principal, address, now, now, randomToken());
        sessions.put(token, s);
        return s;
    }

    /** 256 random bits, URL-safe. */
    public String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The live session for a token, refreshed; empty when unknown or expired (and then removed). */
    public Optional<Session> touch(String token, InetAddress address) { return check(token, address, true); }

    /**
     * The live session without counting this as activity: the console's background refreshes
     * (dashboard, log follow) must not keep an unattended session alive past its idle time.
     */
    public Optional<Session> peek(String token, InetAddress address) { return check(token, address, false); }

    private Optional<Session> check(String token, InetAddress address, boolean activity) {
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
        if (!activity) return Optional.of(s);
        Session t = new Session(s.token(), s.principal(), s.address(), s.created(), now, s.csrf());
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
