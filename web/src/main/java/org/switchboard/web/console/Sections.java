package org.switchboard.web.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.switchboard.core.auth.Principal;
import org.switchboard.web.api.Access;
import org.switchboard.web.api.ApiHandler;
import org.switchboard.core.error.Problem;

/**
 * The console's navigation: the one list of sections, in menu order (a group appears where its
 * first section is). A later issue adds its pages by adding its sections here and its routes
 * to {@link Console}; the menu and the "Where is" search pick them up. Sections over a wired-in
 * service show only when the API offers that service's route.
 */
final class Sections {
    static final List<Section> ALL = List.of(
            new Section("dashboard", "Dashboard", "Status", "/admin", Access.ADMIN,
                    "home overview status health charts cpu memory disk services connections counts"),
            new Section("connections", "Connected users", "Status", "/admin/connections", Access.SERVER_READ,
                    "connected users who is online logged in sessions active connections clients imap pop3 mail", "/api/v1/sessions"),
            new Section("queue", "Message queue", "Status", "/admin/queue", Access.SERVER_READ,
                    "message queue smtp outgoing mail waiting stuck undelivered deferred retry resend delete remove delivery attempts bounce",
                    SmtpPages.QUEUE_API),
            new Section("logs", "Logs", "Status", "/admin/logs", Access.SERVER_READ,
                    "log config mail security warning error debug operations spam call tail follow search highlight clear download"),
            new Section("debug", "Debug log categories", "Status", "/admin/debug", Access.SERVER_READ,
                    "debug categories verbose troubleshooting log"),
            new Section("domains", "Domains", "Accounts", "/admin/domains", Access.ADMIN,
                    "domain alias rename primary password policy complexity expiry default quota"),
            new Section("users", "Users", "Accounts", "/admin/users", Access.ADMIN,
                    "user account mailbox person quota rights role password disable access policy addresses groups"),
            new Section("groups", "Groups", "Accounts", "/admin/groups", Access.ADMIN, "group members distribution list rights"),
            new Section("aliases", "Aliases", "Accounts", "/admin/aliases", Access.ADMIN,
                    "alias forward catch-all wildcard check address where does mail go"),
            new Section("lists", "Mailing lists", "Accounts", "/admin/lists", Access.ADMIN,
                    "mailing list distribution members subscribe unsubscribe moderator moderated posting archive footer welcome import",
                    ListPages.LISTS_API),
            new Section("extensions", "Extensions", "Telephony", "/admin/extensions", Access.ADMIN,
                    "extension phone number sip password telephone exchange pbx voip add remove ring seconds standalone display name",
                    "/api/v1/pbx/extensions"),
            new Section("registrations", "Registrations", "Telephony", "/admin/registrations", Access.SERVER_READ,
                    "registered phones devices sip registrar contact user agent nat online telephone exchange pbx",
                    "/api/v1/pbx/registrations"),
            new Section("calls", "Active calls", "Telephony", "/admin/calls", Access.SERVER_READ,
                    "active calls in progress now ringing talking current phone telephone exchange pbx", "/api/v1/pbx/calls/active"),
            new Section("callhistory", "Call history", "Telephony", "/admin/callhistory", Access.SERVER_READ,
                    "call history records cdr log csv export download missed answered busy duration phone telephone pbx",
                    "/api/v1/pbx/calls"),
            new Section("dialplan", "Dial plan", "Telephony", "/admin/dialplan", Access.SERVER_READ,
                    "dial plan numbers numbering plan extensions voicemail prefix csv export download pbx", "/api/v1/pbx/dialplan"),
            new Section("exchange", "Exchange settings", "Telephony", "/admin/exchange", Access.SERVER_READ,
                    "telephone exchange pbx sip settings port tls realm digest md5 sha-256 rtp media port range nat registration expires "
                            + "ring timeout devices per extension voicemail number prefix enable disable", "/api/v1/pbx/registrations"),
            new Section("ipgroups", "IP address groups", "Definitions", "/admin/ipgroups", Access.SERVER_READ,
                    "ip address group network range cidr subnet"),
            new Section("timeranges", "Time ranges", "Definitions", "/admin/timeranges", Access.SERVER_READ,
                    "time range schedule working hours daily weekly"),
            new Section("policies", "Access policies", "Definitions", "/admin/policies", Access.SERVER_READ,
                    "user access policy protocol allow deny imap pop3 smtp"),
            new Section("services", "Services", "Configuration", "/admin/services", Access.SERVER_READ,
                    "service port listen enable disable ip restriction connection limit idle timeout"),
            new Section("security", "Security", "Configuration", "/admin/security", Access.SERVER_READ,
                    "password guessing brute force lockout blocked addresses unlock trusted"),
            new Section("mailstore", "Mail store", "Configuration", "/admin/mailstore", Access.SERVER_READ,
                    "mail store mailbox storage search full-text index rebuild reindex job progress lucene deleted items recover",
                    "/api/v1/mail/reindex"),
            new Section("smtp", "SMTP server", "Configuration", "/admin/smtp", Access.SERVER_READ,
                    "smtp server mail sending relay open relay authentication pop before smtp security limits message size recipients "
                            + "connections per ip harvest dns sender queue retry bounce warn delivery smarthost parent server dns server timeout",
                    SmtpPages.QUEUE_API),
            new Section("archive", "Archiving", "Configuration", "/admin/archive", Access.SERVER_READ,
                    "archive archiving email copy copies folder interval daily weekly monthly remote address retention evidence"),
            new Section("delivery", "Delivery", "Configuration", "/admin/delivery", Access.SERVER_READ,
                    "delivery pop3 download remote mailbox fetch multi-drop sorting rules etrn backup mx scheduling schedule dial-up "
                            + "send only on schedule time range run now",
                    DeliveryPages.API + "/schedule"),
            new Section("certificates", "Certificates", "Configuration", "/admin/certificates", Access.SERVER_READ,
                    "tls ssl certificate self-signed https fingerprint"),
            new Section("server", "Server identity", "Configuration", "/admin/server", Access.SERVER_READ,
                    "host name hostname time zone language messages"),
            new Section("administration", "Administration", "Configuration", "/admin/administration", Access.SERVER_READ,
                    "admin session idle logout timeout ip change built-in administrator password"));

    private Sections() {}

    static boolean allowed(Section s, Principal p) {
        try {
            ApiHandler.requireAccess(s.access(), p);
            return true;
        } catch (Problem e) {
            return false;
        }
    }

    /** The sections this administrator may open, among those whose service the API offers ({@code offered} tests a route path). */
    static List<Section> visible(Principal p, Predicate<String> offered) {
        return ALL.stream().filter(s -> (s.needs() == null || offered.test(s.needs())) && allowed(s, p)).toList();
    }

    /** Sections whose title, group or keywords contain every word of the query; title matches first. */
    static List<Section> search(String query, Principal p, Predicate<String> offered) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty() || q.length() > 100) return List.of();
        String[] words = q.split("\\s+");
        List<Section> out = new ArrayList<>();
        for (Section s : visible(p, offered)) {
            String text = (s.title() + " " + s.group() + " " + s.keywords()).toLowerCase(Locale.ROOT);
            boolean all = true;
            for (String w : words) all &= text.contains(w);
            if (all) out.add(s);
        }
        out.sort(Comparator.comparing((Section s) -> !s.title().toLowerCase(Locale.ROOT).contains(words[0])));
        return out;
    }
}
