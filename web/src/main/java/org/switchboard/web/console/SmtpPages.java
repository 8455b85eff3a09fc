package org.switchboard.web.console;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.core.error.Problem;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.web.api.Access;
import org.switchboard.web.api.QueueRoutes;

/**
 * The SMTP server's pages: the message queue (refreshed live; inspect, retry now, delete) and
 * the SMTP settings section as one form grouped like the guide. Every read and change is one of
 * the queue's API routes or the settings route, so the API's checks and Config log apply.
 */
final class SmtpPages {
    static final String QUEUE_API = "/api/v1/queue";
    static final String SETTINGS_API = "/api/v1/settings/" + SmtpSettings.SECTION.name();

    record QueuePage(List<QueueRoutes.QueueEntry> rows, ZoneId zone, boolean writable) {}

    record MessagePage(QueueRoutes.QueueMessage message, ZoneId zone, boolean writable) {}

    /** A titled part of the settings form, as the guide groups its options. */
    record Group(String id, String title, String intro, List<ConfigurationPages.Field> fields) {}

    record SettingsPage(FormView form, List<Group> groups) {}

    static final List<String> NUMBERS = List.of("popBeforeSmtpMinutes", "maxMessagesPerHourPerIp", "maxConnectionsPerIp",
            "maxUnknownRecipientsPerIp", "maxRecipientsPerMessage", "maxFailedCommands", "queue.maxConcurrentDeliveries",
            "queue.retryMinutes", "queue.maxRetryMinutes", "queue.warnAfterHours", "queue.bounceAfterDays", "delivery.remotePort",
            "delivery.connectTimeoutSeconds", "delivery.dataTimeoutSeconds");
    static final List<String> CHECKS = List.of("relayForAuthenticated", "relayForPopBeforeSmtp", "requireAuthForLocalSenders",
            "requireSenderDomainDns", "overQuotaPermanent");

    private SmtpPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/queue", Access.SERVER_READ, c -> {
                    QueuePage m = queue(c);
                    Frame f = c.frame("Message queue", "queue");
                    return Outcome.page(out -> JtequeueGenerated.render(out, null, f, m));
                }),
                ConsoleRoute.poll("/admin/queue/live", Access.SERVER_READ, c -> {
                    QueuePage m = queue(c);
                    return Outcome.page(out -> JtequeuelistGenerated.render(out, null, m));
                }),
                ConsoleRoute.post("/admin/queue/retry-all", Access.SERVER_READ, c -> {
                    int n = c.apiJson("POST", QUEUE_API + "/retry", null).get("messages").asInt();
                    return c.done("/admin/queue", n == 0 ? "The queue is empty: nothing to retry."
                            : "Delivery of " + n + " message(s) is being tried now.");
                }),
                ConsoleRoute.get("/admin/queue/{id}", Access.SERVER_READ, c -> {
                    QueueRoutes.QueueMessage q = c.read(QUEUE_API + "/" + Paths.seg(c.param("id")), QueueRoutes.QueueMessage.class);
                    MessagePage m = new MessagePage(q, c.zone(), c.principal().canWriteServer());
                    Frame f = c.frame("Queued message " + q.entry().id(), "queue");
                    return Outcome.page(out -> JtequeuemessageGenerated.render(out, null, f, m));
                }),
                ConsoleRoute.post("/admin/queue/{id}/retry", Access.SERVER_READ, c -> change(c, "POST", "/retry",
                        "Delivery of message " + c.param("id") + " is being tried now.")),
                ConsoleRoute.post("/admin/queue/{id}/delete", Access.SERVER_READ, c -> change(c, "DELETE", "",
                        "Message " + c.param("id") + " deleted from the queue; no bounce was sent.")),
                ConsoleRoute.get("/admin/smtp", Access.SERVER_READ, c -> settings(c, null, 200)),
                ConsoleRoute.post("/admin/smtp", Access.SERVER_READ, SmtpPages::save));
    }

    private static QueuePage queue(Call c) throws Exception {
        return new QueuePage(Arrays.asList(c.read(QUEUE_API, QueueRoutes.QueueEntry[].class)), c.zone(), c.principal().canWriteServer());
    }

    /**
     * Retry or delete one message. The queue refuses both alike for a message that has left it
     * and for one being delivered this moment (it cannot be deleted mid-delivery), so a second
     * look tells the admin which, instead of an error page.
     */
    private static Outcome change(Call c, String method, String suffix, String notice) throws Exception {
        String id = c.param("id");
        String path = QUEUE_API + "/" + Paths.seg(id);
        try {
            c.api(method, path + suffix, null);
            return c.done(suffix.isEmpty() ? "/admin/queue" : "/admin/queue/" + Paths.seg(id), notice);
        } catch (Problem p) {
            if (p.kind() != Problem.Kind.NOT_FOUND) throw p;
        }
        try {
            c.api("GET", path, null);
            return c.done("/admin/queue/" + Paths.seg(id), "Message " + id + " is being delivered right now; try again in a moment.");
        } catch (Problem gone) {
            if (gone.kind() != Problem.Kind.NOT_FOUND) throw gone;
            return c.done("/admin/queue", "Message " + id + " is no longer in the queue: it was delivered, bounced or deleted meanwhile.");
        }
    }

    private static Outcome settings(Call c, FormView form, int status) {
        SmtpSettings s = c.ctx().settings().get(SmtpSettings.SECTION);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("relayIpGroup", s.relayIpGroup() == null ? "" : s.relayIpGroup());
        v.put("relayForAuthenticated", Boolean.toString(s.relayForAuthenticated()));
        v.put("relayForPopBeforeSmtp", Boolean.toString(s.relayForPopBeforeSmtp()));
        v.put("popBeforeSmtpMinutes", Integer.toString(s.popBeforeSmtpMinutes()));
        v.put("requireAuthForLocalSenders", Boolean.toString(s.requireAuthForLocalSenders()));
        v.put("requireSenderDomainDns", Boolean.toString(s.requireSenderDomainDns()));
        v.put("maxMessagesPerHourPerIp", Integer.toString(s.maxMessagesPerHourPerIp()));
        v.put("maxConnectionsPerIp", Integer.toString(s.maxConnectionsPerIp()));
        v.put("maxUnknownRecipientsPerIp", Integer.toString(s.maxUnknownRecipientsPerIp()));
        v.put("maxRecipientsPerMessage", Integer.toString(s.maxRecipientsPerMessage()));
        v.put("maxFailedCommands", Integer.toString(s.maxFailedCommands()));
        v.put("maxMessageBytes", Long.toString(s.maxMessageBytes()));
        v.put("trustedIpGroup", s.trustedIpGroup() == null ? "" : s.trustedIpGroup());
        v.put("outgoingSizeLimits", String.join("\n", s.outgoingSizeLimits().stream().map(l -> l.appliesTo() + " " + l.maxBytes()).toList()));
        v.put("overQuotaPermanent", Boolean.toString(s.overQuotaPermanent()));
        SmtpSettings.Queue q = s.queue();
        v.put("queue.maxConcurrentDeliveries", Integer.toString(q.maxConcurrentDeliveries()));
        v.put("queue.retryMinutes", Integer.toString(q.retryMinutes()));
        v.put("queue.maxRetryMinutes", Integer.toString(q.maxRetryMinutes()));
        v.put("queue.warnAfterHours", Integer.toString(q.warnAfterHours()));
        v.put("queue.bounceAfterDays", Integer.toString(q.bounceAfterDays()));
        v.put("queue.dsnLanguage", q.dsnLanguage());
        SmtpSettings.Delivery d = s.delivery();
        v.put("delivery.dnsServer", d.dnsServer() == null ? "" : d.dnsServer());
        v.put("delivery.remotePort", Integer.toString(d.remotePort()));
        v.put("delivery.connectTimeoutSeconds", Integer.toString(d.connectTimeoutSeconds()));
        v.put("delivery.dataTimeoutSeconds", Integer.toString(d.dataTimeoutSeconds()));
        SmtpSettings.Smarthost h = d.smarthost();
        v.put("delivery.smarthost.host", h == null ? "" : h.host());
        v.put("delivery.smarthost.port", h == null ? "25" : Integer.toString(h.port()));
        v.put("delivery.smarthost.tls", h == null ? SmtpSettings.SmarthostTls.STARTTLS.name() : h.tls().name());
        v.put("delivery.smarthost.user", h == null || h.user() == null ? "" : h.user());
        v.put("delivery.smarthost.verifyCertificate", Boolean.toString(h == null || h.verifyCertificate()));
        List<Option> groups = new ArrayList<>();
        groups.add(new Option("", "None"));
        c.ctx().ipGroups().list().forEach(g -> groups.add(Option.of(g.name())));
        List<Option> tls = List.of(new Option("NONE", "None (plain text)"), new Option("STARTTLS", "STARTTLS (port 25 or 587)"),
                new Option("IMPLICIT", "Implicit TLS (port 465)"));
        List<Group> parts = List.of(
                new Group("relay", "Relay control", "Who may send mail through this server to other servers. Mail to local domains "
                        + "is always accepted.", List.of(
                        field("relayIpGroup", "select", "Hosts of this IP address group may relay", "Only these addresses may relay without logging in", groups),
                        field("relayForAuthenticated", "check", "Users authenticated with SMTP AUTH may relay", null, null),
                        field("relayForPopBeforeSmtp", "check", "Addresses that logged in to POP3 recently may relay (POP3 before SMTP)", null, null),
                        field("popBeforeSmtpMinutes", "number", "POP3 before SMTP: minutes a POP3 login counts", null, null))),
                new Group("security", "Security options", null, List.of(
                        field("requireAuthForLocalSenders", "check", "Require authentication when the sender is in a local domain",
                                "Stops outsiders from forging your own addresses", null),
                        field("requireSenderDomainDns", "check", "Refuse senders whose domain has no DNS records", null, null),
                        field("overQuotaPermanent", "check", "Bounce mail for a full mailbox at once instead of retrying", null, null))),
                new Group("limits", "Limits", "0 means unlimited. Hosts of the trusted group are exempt from the per-address limits.", List.of(
                        field("maxConnectionsPerIp", "number", "Connections at once from one address", null, null),
                        field("maxMessagesPerHourPerIp", "number", "Messages per hour from one address", null, null),
                        field("maxUnknownRecipientsPerIp", "number", "Unknown recipients per hour from one address",
                                "Stops address harvesting", null),
                        field("maxRecipientsPerMessage", "number", "Recipients per message", null, null),
                        field("maxFailedCommands", "number", "Failed commands before a session is closed", null, null),
                        field("maxMessageBytes", "number", "Largest message accepted (bytes)", "At least 1024; 52428800 is 50 MiB", null),
                        field("trustedIpGroup", "select", "Trusted IP address group", "Exempt from the limits above, not from relay control", groups),
                        field("outgoingSizeLimits", "area", "Largest message a user may send (bytes)",
                                "One per line: a domain or a user's address, then the size; a user's line wins over the domain's, 0 means no limit",
                                null))),
                new Group("delivery", "Delivery", "How mail leaves: straight to each domain's MX hosts, or all through a parent SMTP server "
                        + "(smarthost).", List.of(
                        field("delivery.dnsServer", "text", "DNS server for MX lookups", "host or host:port; empty uses the system's", null),
                        field("delivery.remotePort", "number", "Port of remote mail servers", "Standard 25", null),
                        field("delivery.connectTimeoutSeconds", "number", "Connect and reply timeout (seconds)", null, null),
                        field("delivery.dataTimeoutSeconds", "number", "Timeout for the reply to a message's end (seconds)",
                                "RFC 5321 recommends 600", null),
                        field("delivery.smarthost.host", "text", "Smarthost (parent SMTP server)", "Empty sends to MX hosts directly", null),
                        field("delivery.smarthost.port", "number", "Smarthost port", null, null),
                        field("delivery.smarthost.tls", "select", "Smarthost encryption", null, tls),
                        field("delivery.smarthost.verifyCertificate", "check", "Check the smarthost's certificate",
                                "Against the system's trusted authorities and the host name; it receives the login below", null),
                        field("delivery.smarthost.user", "text", "Smarthost user name", "Empty for no authentication", null),
                        field("delivery.smarthost.password", "password", "Smarthost password",
                                "Leave empty to keep the one that is set", null))),
                new Group("queue", "Queue", "Mail that cannot be delivered yet waits in the message queue and is retried.", List.of(
                        field("queue.maxConcurrentDeliveries", "number", "Deliveries at once", "1 to 1000", null),
                        field("queue.retryMinutes", "number", "First retry after (minutes)", "Each later retry waits twice as long", null),
                        field("queue.maxRetryMinutes", "number", "Longest wait between retries (minutes)", null, null),
                        field("queue.warnAfterHours", "number", "Tell the sender it is delayed after (hours)", "0 never warns", null),
                        field("queue.bounceAfterDays", "number", "Give up and bounce after (days)", null, null),
                        field("queue.dsnLanguage", "select", "Language of delay and bounce notices",
                                "Used when the sender's message does not name a language we have a template for", languages(q.dsnLanguage())))));
        SettingsPage m = new SettingsPage(form != null ? form : FormView.of(v, c.principal().canWriteServer()), parts);
        Frame f = c.frame("SMTP server", "smtp");
        return Outcome.page(status, out -> JtesmtpGenerated.render(out, null, f, m));
    }

    /** The languages shipped in the jar; an admin may add others as templates in the data directory and set them by API. */
    private static final List<Option> LANGUAGES = List.of(new Option("en", "English"), new Option("de", "Deutsch"),
            new Option("fr", "Français"), new Option("es", "Español"), new Option("cs", "Čeština"));

    private static List<Option> languages(String current) {
        if (LANGUAGES.stream().anyMatch(o -> o.value().equals(current))) return LANGUAGES;
        List<Option> all = new ArrayList<>(LANGUAGES);
        all.add(Option.of(current));
        return all;
    }

    /** One field of a grouped settings form (this page and Archiving). */
    static ConfigurationPages.Field field(String name, String kind, String label, String hint, List<Option> options) {
        return new ConfigurationPages.Field(name, label, kind, hint, options);
    }

    /** Builds the whole section from the form; the section's own check decides and nothing is saved unless all of it passes. */
    private static Outcome save(Call c) throws Exception {
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        Map<String, Integer> n = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (String name : NUMBERS) {
            try {
                n.put(name, Integer.parseInt(f.get(name)));
            } catch (NumberFormatException e) {
                errors.put(name, "enter a whole number");
            }
        }
        long maxBytes = 0;
        try {
            maxBytes = Long.parseLong(f.get("maxMessageBytes"));
        } catch (NumberFormatException e) {
            errors.put("maxMessageBytes", "enter a whole number of bytes");
        }
        String host = f.get("delivery.smarthost.host");
        Integer hostPort = null;
        if (!host.isEmpty()) {
            try {
                hostPort = Integer.parseInt(f.get("delivery.smarthost.port"));
            } catch (NumberFormatException e) {
                errors.put("delivery.smarthost.port", "enter a whole number");
            }
        }
        SmtpSettings.SmarthostTls tls = SmtpSettings.SmarthostTls.STARTTLS;
        try {
            if (!host.isEmpty()) tls = SmtpSettings.SmarthostTls.valueOf(f.get("delivery.smarthost.tls"));
        } catch (IllegalArgumentException e) {
            errors.put("delivery.smarthost.tls", "choose None, STARTTLS or Implicit TLS");
        }
        List<SmtpSettings.SizeLimit> sizeLimits = new ArrayList<>();
        String[] limitLines = f.raw("outgoingSizeLimits").split("\r?\n");
        for (int i = 0; i < limitLines.length; i++) {
            String line = limitLines[i].strip();
            if (line.isEmpty()) continue;
            String[] parts = line.split("\\s+");
            try {
                if (parts.length != 2) throw new NumberFormatException();
                sizeLimits.add(new SmtpSettings.SizeLimit(parts[0], Long.parseLong(parts[1])));
            } catch (NumberFormatException e) {
                errors.put("outgoingSizeLimits", "line " + (i + 1) + ": write a domain or address, a space, and a whole number of bytes");
                break;
            }
        }
        if (!errors.isEmpty()) return settings(c, view.failed(errors), 400);
        SmtpSettings current = c.ctx().settings().get(SmtpSettings.SECTION);
        SmtpSettings.Smarthost smarthost = null;
        if (!host.isEmpty()) {
            String user = f.get("delivery.smarthost.user");
            String password = f.raw("delivery.smarthost.password");
            // An empty password field keeps the stored one for the same user: pages never show it.
            SmtpSettings.Smarthost old = current.delivery().smarthost();
            if (password.isEmpty() && old != null && old.user() != null && old.user().equals(user)) password = old.password();
            smarthost = new SmtpSettings.Smarthost(host, hostPort, tls, user.isEmpty() ? null : user,
                    user.isEmpty() || password.isEmpty() ? null : password, f.checked("delivery.smarthost.verifyCertificate"));
        }
        String relay = f.get("relayIpGroup");
        String trusted = f.get("trustedIpGroup");
        String dns = f.get("delivery.dnsServer");
        SmtpSettings s = new SmtpSettings(relay.isEmpty() ? null : relay, f.checked("relayForAuthenticated"), f.checked("relayForPopBeforeSmtp"),
                n.get("popBeforeSmtpMinutes"), f.checked("requireAuthForLocalSenders"), n.get("maxMessagesPerHourPerIp"),
                n.get("maxConnectionsPerIp"), n.get("maxUnknownRecipientsPerIp"), n.get("maxRecipientsPerMessage"),
                n.get("maxFailedCommands"), maxBytes, f.checked("requireSenderDomainDns"), trusted.isEmpty() ? null : trusted,
                f.checked("overQuotaPermanent"),
                new SmtpSettings.Queue(n.get("queue.maxConcurrentDeliveries"), n.get("queue.retryMinutes"), n.get("queue.maxRetryMinutes"),
                        n.get("queue.warnAfterHours"), n.get("queue.bounceAfterDays"), f.get("queue.dsnLanguage")),
                new SmtpSettings.Delivery(dns.isEmpty() ? null : dns, n.get("delivery.remotePort"), n.get("delivery.connectTimeoutSeconds"),
                        n.get("delivery.dataTimeoutSeconds"), smarthost),
                sizeLimits);
        try {
            c.api("PUT", SETTINGS_API, s);
            return c.done("/admin/smtp", "SMTP settings saved.");
        } catch (Problem p) {
            List<String> fields = new ArrayList<>(NUMBERS);
            fields.addAll(CHECKS);
            fields.addAll(List.of("maxMessageBytes", "relayIpGroup", "trustedIpGroup", "delivery.dnsServer", "delivery.smarthost.host",
                    "delivery.smarthost.port", "delivery.smarthost.tls", "delivery.smarthost.verifyCertificate", "delivery.smarthost.user", "delivery.smarthost.password"));
            return settings(c, view.failed(p, fields), p.kind().status);
        }
    }
}
