package org.switchboard.core.settings;

/**
 * Administration sessions (REST API and console): idle and maximum lifetime, optional logout
 * when the client's IP changes, and the largest request body accepted. Who may reach the
 * admin port at all is the "admin" service's IP group (loopback only while it has none).
 */
public record AdminSettings(int sessionIdleMinutes, int sessionMaxMinutes,
                            boolean logoutOnIpChange, int maxRequestBytes) {
    public static final Section<AdminSettings> SECTION = new Section<>("admin", AdminSettings.class,
            new AdminSettings(30, 8 * 60, false, 1 << 20), AdminSettings::check);

    static void check(AdminSettings s) {
        if (s.sessionIdleMinutes() < 1 || s.sessionIdleMinutes() > 24 * 60) throw new IllegalArgumentException("sessionIdleMinutes must be 1..1440");
        if (s.sessionMaxMinutes() < s.sessionIdleMinutes() || s.sessionMaxMinutes() > 7 * 24 * 60) {
            throw new IllegalArgumentException("sessionMaxMinutes must be at least sessionIdleMinutes and at most 10080");
        }
        if (s.maxRequestBytes() < 4096 || s.maxRequestBytes() > 64 << 20) throw new IllegalArgumentException("maxRequestBytes must be 4096..67108864");
    }
}
