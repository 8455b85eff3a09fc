package org.switchboard.core.settings;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;

/**
 * The server's identity: the Internet host name (SMTP greeting, certificate name), the
 * language of messages the server generates, and its time zone (time ranges, schedules).
 */
public record ServerSettings(String hostName, String language, String timeZone) {
    public static final Set<String> LANGUAGES = Set.of("en", "de", "fr", "es", "it", "cs", "nl", "pl", "pt", "ru");

    public static final Section<ServerSettings> SECTION = new Section<>("server", ServerSettings.class,
            new ServerSettings(localHostName(), "en", ZoneId.systemDefault().getId()), ServerSettings::check);

    static void check(ServerSettings s) {
        if (s.hostName() == null || !s.hostName().toLowerCase(Locale.ROOT).matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")) {
            throw new IllegalArgumentException("hostName must be a DNS name such as mail.example.com");
        }
        if (s.language() == null || !LANGUAGES.contains(s.language())) {
            throw new IllegalArgumentException("language must be one of " + new java.util.TreeSet<>(LANGUAGES));
        }
        try {
            ZoneId.of(s.timeZone());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("timeZone must be a zone id such as Europe/Prague or UTC");
        }
    }

    public static String localHostName() {
        try {
            String h = java.net.InetAddress.getLocalHost().getCanonicalHostName().toLowerCase(Locale.ROOT);
            return h.matches("[a-z0-9.-]+") && !h.matches("[0-9.]+") ? h : "localhost";
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
