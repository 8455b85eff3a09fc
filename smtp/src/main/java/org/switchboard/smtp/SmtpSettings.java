package org.switchboard.smtp;

import java.util.List;
import java.util.Locale;
import org.switchboard.core.settings.Section;

/**
 * The SMTP server's settings (guide part 1 §24, §26): relay control, security options and per-IP
 * limits, the queue, and how mail leaves. Every count limit uses 0 for "unlimited". The app
 * registers {@link #SECTION}; the relay IP group it names is created with the server's own
 * addresses (127.0.0.1, ::1) when missing, so no other host may relay until an admin says so.
 *
 * @param relayIpGroup              IP group allowed to relay (guide: "Users from IP address group"); null = nobody by address
 * @param relayForAuthenticated     relay for users authenticated with SMTP AUTH
 * @param relayForPopBeforeSmtp     relay for addresses that logged in to POP3 within {@code popBeforeSmtpMinutes}
 * @param requireAuthForLocalSenders refuse unauthenticated mail whose sender is in a local domain
 * @param maxMessagesPerHourPerIp   messages accepted from one address in a sliding hour
 * @param maxConnectionsPerIp       concurrent SMTP connections from one address
 * @param maxUnknownRecipientsPerIp unknown local recipients tried from one address in a sliding hour (anti-harvest)
 * @param maxRecipientsPerMessage   RCPT commands per transaction
 * @param maxFailedCommands         refused commands in one session before it is closed
 * @param maxMessageBytes           largest incoming message, advertised with SIZE (RFC 1870)
 * @param requireSenderDomainDns    refuse senders whose domain has neither MX nor address records
 * @param trustedIpGroup            addresses exempt from the per-IP limits (not from relay control)
 * @param overQuotaPermanent        a full mailbox bounces at once (5.2.2) instead of being retried (4.2.2)
 * @param outgoingSizeLimits        largest message an authenticated user may send, per domain with per-user
 *                                  overrides (guide part 1 §18.3); a user entry with 0 means "no limit"
 */
public record SmtpSettings(String relayIpGroup, boolean relayForAuthenticated, boolean relayForPopBeforeSmtp,
                           int popBeforeSmtpMinutes, boolean requireAuthForLocalSenders,
                           int maxMessagesPerHourPerIp, int maxConnectionsPerIp, int maxUnknownRecipientsPerIp,
                           int maxRecipientsPerMessage, int maxFailedCommands, long maxMessageBytes,
                           boolean requireSenderDomainDns, String trustedIpGroup, boolean overQuotaPermanent,
                           Queue queue, Delivery delivery, List<SizeLimit> outgoingSizeLimits) {

    /** The group created on first start; its entries are the only hosts that may relay by address. */
    public static final String DEFAULT_RELAY_GROUP = "SMTP relay";

    /**
     * 32 deliveries at once: a local delivery mostly waits for fsyncs (queue and mail store), so
     * with 8 the queue delivered about 150 messages/s on the 2-core development machine, with 32
     * it keeps up with acceptance (bench/smtp-bench.sh).
     */
    public static final SmtpSettings DEFAULTS = new SmtpSettings(DEFAULT_RELAY_GROUP, true, false, 30, false,
            0, 50, 20, 100, 20, 50L * 1024 * 1024, false, null, false,
            new Queue(32, 5, 240, 4, 5, "en"), new Delivery(null, 25, 30, 300, null), List.of());

    public static final Section<SmtpSettings> SECTION = new Section<>("smtp", SmtpSettings.class, DEFAULTS, SmtpSettings::check);

    /**
     * Guide part 1 §24 "Queue Options".
     *
     * @param retryMinutes     first retry interval; each later one doubles up to {@code maxRetryMinutes}
     * @param warnAfterHours   a "still undelivered" DSN after this long (0 = never)
     * @param bounceAfterDays  give up and bounce after this long
     * @param dsnLanguage      language of delay and bounce notices when the sender's message names none we have
     *                         (two-letter code; templates in the jar and in {@code <data>/reports})
     */
    public record Queue(int maxConcurrentDeliveries, int retryMinutes, int maxRetryMinutes, int warnAfterHours, int bounceAfterDays,
                        String dsnLanguage) {
        public Queue {
            // Settings saved before the language existed read it as null.
            if (dsnLanguage == null || dsnLanguage.isBlank()) dsnLanguage = "en";
        }
    }

    /**
     * How mail leaves (guide part 1 §26.3).
     *
     * @param dnsServer       resolver for MX/A/AAAA lookups as "host" or "host:port"; null = the system's
     * @param remotePort      port of remote MX hosts (25; tests use another)
     * @param connectTimeoutSeconds TCP connect and each reply
     * @param dataTimeoutSeconds    the reply to the end of DATA (RFC 5321 §4.5.3.2.6: 10 minutes)
     * @param smarthost       when set, all outbound mail goes there instead of to MX hosts
     */
    public record Delivery(String dnsServer, int remotePort, int connectTimeoutSeconds, int dataTimeoutSeconds, Smarthost smarthost) {}

    /** @param appliesTo a domain ("example.com") or a user's address ("jo@example.com"); maxBytes 0 = no limit */
    public record SizeLimit(String appliesTo, long maxBytes) {}

    public SmtpSettings {
        outgoingSizeLimits = outgoingSizeLimits == null ? List.of() : List.copyOf(outgoingSizeLimits);
    }

    /** The outgoing limit for a login (user entry first, then its domain); 0 = none. */
    public long outgoingLimitFor(String userAddress) {
        String a = userAddress.toLowerCase(Locale.ROOT);
        String domain = a.substring(a.lastIndexOf('@') + 1);
        for (SizeLimit l : outgoingSizeLimits) if (l.appliesTo().equalsIgnoreCase(a)) return l.maxBytes();
        for (SizeLimit l : outgoingSizeLimits) if (l.appliesTo().equalsIgnoreCase(domain)) return l.maxBytes();
        return 0;
    }

    public enum SmarthostTls { NONE, STARTTLS, IMPLICIT }

    /**
     * A relay SMTP server ("parent SMTP server"); user null = no authentication. The app seals the password
     * before it is saved ({@code SecretBox.sealSetting}), so the store and the API only ever hold the sealed form.
     * {@code verifyCertificate} (null, as in settings saved before it existed, = true) checks the relay's certificate
     * against the JDK's trust store and {@code host}: the relay gets our login, so by default only the real one may.
     */
    public record Smarthost(String host, int port, SmarthostTls tls, String user, String password, Boolean verifyCertificate) {
        public Smarthost {
            if (verifyCertificate == null) verifyCertificate = true;
        }

        public Smarthost(String host, int port, SmarthostTls tls, String user, String password) {
            this(host, port, tls, user, password, true);
        }

        public Smarthost withPassword(String p) { return new Smarthost(host, port, tls, user, p, verifyCertificate); }

        @Override
        public String toString() {
            return "Smarthost[" + host + ":" + port + ", " + tls + (verifyCertificate ? "" : " (certificate not checked)")
                    + (user == null ? "" : ", user " + user + ", password ***") + "]";
        }
    }

    static void check(SmtpSettings s) {
        nonNegative("popBeforeSmtpMinutes", s.popBeforeSmtpMinutes());
        nonNegative("maxMessagesPerHourPerIp", s.maxMessagesPerHourPerIp());
        nonNegative("maxConnectionsPerIp", s.maxConnectionsPerIp());
        nonNegative("maxUnknownRecipientsPerIp", s.maxUnknownRecipientsPerIp());
        nonNegative("maxRecipientsPerMessage", s.maxRecipientsPerMessage());
        nonNegative("maxFailedCommands", s.maxFailedCommands());
        if (s.maxMessageBytes() < 1024) throw new IllegalArgumentException("maxMessageBytes must be at least 1024");
        if (s.queue() == null) throw new IllegalArgumentException("queue settings are required");
        if (s.queue().maxConcurrentDeliveries() < 1 || s.queue().maxConcurrentDeliveries() > 1000) {
            throw new IllegalArgumentException("queue.maxConcurrentDeliveries must be 1..1000");
        }
        if (s.queue().retryMinutes() < 1 || s.queue().maxRetryMinutes() < s.queue().retryMinutes()) {
            throw new IllegalArgumentException("queue.retryMinutes must be at least 1 and not above queue.maxRetryMinutes");
        }
        nonNegative("queue.warnAfterHours", s.queue().warnAfterHours());
        if (s.queue().bounceAfterDays() < 1) throw new IllegalArgumentException("queue.bounceAfterDays must be at least 1");
        if (!s.queue().dsnLanguage().matches("[a-z]{2,8}")) {
            throw new IllegalArgumentException("queue.dsnLanguage must be a language code such as en, de or fr");
        }
        for (SizeLimit l : s.outgoingSizeLimits()) {
            if (l.appliesTo() == null || l.appliesTo().isBlank() || l.maxBytes() < 0) {
                throw new IllegalArgumentException("outgoingSizeLimits: each entry needs a domain or address and a size of 0 or more");
            }
        }
        Delivery d = s.delivery();
        if (d == null) throw new IllegalArgumentException("delivery settings are required");
        if (d.remotePort() < 1 || d.remotePort() > 65535) throw new IllegalArgumentException("delivery.remotePort must be 1..65535");
        if (d.connectTimeoutSeconds() < 1 || d.dataTimeoutSeconds() < 1) throw new IllegalArgumentException("delivery timeouts must be at least 1 second");
        if (d.dnsServer() != null && !d.dnsServer().toLowerCase(Locale.ROOT).matches("[a-z0-9.:\\[\\]-]+")) {
            throw new IllegalArgumentException("delivery.dnsServer must be an address such as 127.0.0.1 or 127.0.0.1:5353");
        }
        Smarthost h = d.smarthost();
        if (h != null) {
            if (h.host() == null || h.host().isBlank()) throw new IllegalArgumentException("delivery.smarthost.host is required");
            if (h.port() < 1 || h.port() > 65535) throw new IllegalArgumentException("delivery.smarthost.port must be 1..65535");
            if (h.tls() == null) throw new IllegalArgumentException("delivery.smarthost.tls must be NONE, STARTTLS or IMPLICIT");
            if (h.user() != null && h.password() == null) throw new IllegalArgumentException("delivery.smarthost.password is required with a user");
            if (h.user() != null && h.tls() == SmarthostTls.NONE) {
                // RFC 4954 §4: the password would cross the network in clear.
                throw new IllegalArgumentException("delivery.smarthost.tls must be STARTTLS or IMPLICIT when a user logs in");
            }
        }
    }

    private static void nonNegative(String name, long value) {
        if (value < 0) throw new IllegalArgumentException(name + " must be 0 (unlimited) or more");
    }

    public SmtpSettings withQueue(Queue q) {
        return new SmtpSettings(relayIpGroup, relayForAuthenticated, relayForPopBeforeSmtp, popBeforeSmtpMinutes, requireAuthForLocalSenders,
                maxMessagesPerHourPerIp, maxConnectionsPerIp, maxUnknownRecipientsPerIp, maxRecipientsPerMessage, maxFailedCommands,
                maxMessageBytes, requireSenderDomainDns, trustedIpGroup, overQuotaPermanent, q, delivery, outgoingSizeLimits);
    }

    /** These settings with the smarthost password passed through {@code f} (sealing it, for instance). */
    public SmtpSettings withSmarthostPassword(java.util.function.UnaryOperator<String> f) {
        Smarthost h = delivery.smarthost();
        if (h == null || h.password() == null) return this;
        String p = f.apply(h.password());
        if (p.equals(h.password())) return this;
        return withDelivery(new Delivery(delivery.dnsServer(), delivery.remotePort(), delivery.connectTimeoutSeconds(),
                delivery.dataTimeoutSeconds(), h.withPassword(p)));
    }

    public SmtpSettings withDelivery(Delivery d) {
        return new SmtpSettings(relayIpGroup, relayForAuthenticated, relayForPopBeforeSmtp, popBeforeSmtpMinutes, requireAuthForLocalSenders,
                maxMessagesPerHourPerIp, maxConnectionsPerIp, maxUnknownRecipientsPerIp, maxRecipientsPerMessage, maxFailedCommands,
                maxMessageBytes, requireSenderDomainDns, trustedIpGroup, overQuotaPermanent, queue, d, outgoingSizeLimits);
    }
}
