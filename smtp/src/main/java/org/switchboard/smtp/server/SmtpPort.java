package org.switchboard.smtp.server;

/**
 * The three SMTP services (guide part 1 §25) and how they differ: MX relay on 25 with optional
 * STARTTLS; submission on 587 (RFC 6409 §4) and submission over implicit TLS on 465 (RFC 8314
 * §3.3), both of which require AUTH before MAIL.
 */
public enum SmtpPort {
    MX("smtp", 25, false),
    SUBMISSION("submission", 587, true),
    SMTPS("smtps", 465, true);

    /** Listener name in logs and service settings. */
    public final String service;
    public final int standardPort;
    public final boolean requiresAuth;

    SmtpPort(String service, int standardPort, boolean requiresAuth) {
        this.service = service;
        this.standardPort = standardPort;
        this.requiresAuth = requiresAuth;
    }
}
