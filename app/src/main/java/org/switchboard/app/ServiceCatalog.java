package org.switchboard.app;

import java.util.List;
import org.switchboard.core.settings.ServiceSettings;
import org.switchboard.core.settings.ServiceSettings.Listen;

/**
 * The services this build has, with their standard ports (the port offset is added when they
 * bind). Each protocol issue adds its entries here; the admin console lists them in this order.
 */
final class ServiceCatalog {
    static final String ADMIN = "admin", HTTP = "http", HTTPS = "https", POP3 = "pop3", POP3S = "pop3s", IMAP = "imap", IMAPS = "imaps",
            SMTP = "smtp", SUBMISSION = "submission", SMTPS = "smtps", MANAGESIEVE = "managesieve";

    private ServiceCatalog() {}

    static List<ServiceSettings> defaults() {
        return List.of(
                service(ADMIN, 4040, true, 300),
                service(HTTP, 80, false, 60),
                service(HTTPS, 443, true, 60),
                service(POP3, 110, false, 600),
                service(POP3S, 995, true, 600),
                service(IMAP, 143, false, 1800),
                service(IMAPS, 993, true, 1800),
                service(SMTP, 25, false, 300),
                service(SUBMISSION, 587, false, 300),
                service(SMTPS, 465, true, 300),
                service(MANAGESIEVE, 4190, false, 600));
    }

    private static ServiceSettings service(String name, int port, boolean tls, int idleSeconds) {
        return new ServiceSettings(name, true, List.of(new Listen("0.0.0.0", port, tls)), null, 0, idleSeconds, 8192);
    }
}
