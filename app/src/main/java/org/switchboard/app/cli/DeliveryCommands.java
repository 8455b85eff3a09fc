package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code admin delivery ...} (guide part 1 §27–§29, Configuration → Delivery): POP3 download
 * accounts, ETRN download accounts, sorting rules, scheduled actions, "send only on schedule" and
 * run now. The remote server is {@code --host} and its login {@code --login}, because {@code --server} and {@code --user} reach the admin API.
 */
final class DeliveryCommands {
    private static final String BASE = "/api/v1/delivery";
    private static final String SETTINGS = "/api/v1/settings/fetch";

    private DeliveryCommands() {}

    static CommandLine command(ConnectionOptions o) {
        CommandLine delivery = new CommandLine(new Root(o));
        delivery.addSubcommand("pop3", new CommandLine(new Pop3(o)));
        delivery.addSubcommand("etrn", new CommandLine(new Etrn(o)));
        delivery.addSubcommand("schedule", new CommandLine(new Schedule(o)));
        delivery.addSubcommand("sorting", new CommandLine(new Sorting(o)));
        return delivery;
    }

    @Command(name = "delivery", description = "POP3 download, ETRN, sorting rules, scheduling and dial-up sending.")
    static final class Root {
        private final ConnectionOptions options;

        Root(ConnectionOptions options) { this.options = options; }

        @Command(name = "run", description = "Run actions now: SEND (flush the queue), POP3, ETRN.")
        int run(@Parameters(arity = "1..*", paramLabel = "ACTION") List<String> actions) {
            try (AdminSession api = options.open()) {
                report(options.output(), api.post(BASE + "/schedule/run", Map.of("actions", upper(actions))));
            }
            return 0;
        }

        @Command(name = "send-only-on-schedule", description = "Dial-up: hold mail for other hosts until a scheduled SEND (true|false).")
        int sendOnlyOnSchedule(@Parameters(paramLabel = "true|false") boolean on) {
            try (AdminSession api = options.open()) {
                ObjectNode s = ((ObjectNode) api.get(SETTINGS)).deepCopy();
                s.put("sendOnlyOnSchedule", on);
                api.put(SETTINGS, s);
                options.output().line(on ? "Mail for other hosts now leaves only on a scheduled send." : "Mail for other hosts leaves at once again.");
            }
            return 0;
        }
    }

    @Command(name = "pop3", description = "Remote POP3 mailboxes: list, add, remove, run.")
    static final class Pop3 {
        private final ConnectionOptions options;

        Pop3(ConnectionOptions options) { this.options = options; }

        @Command(name = "list", description = "List POP3 download accounts.")
        int list() {
            try (AdminSession api = options.open()) {
                options.output().showRows(api.get(BASE + "/pop3-accounts"), List.of("NAME", "MAILBOX", "TLS", "DELIVER TO", "ON SERVER", "ENABLED"),
                        a -> List.of(a.path("name").asText(), a.path("user").asText() + "@" + a.path("server").asText()
                                + ":" + a.path("port").asText(), a.path("tls").asText(), a.path("deliverTo").asText("(sorting rules)"),
                                a.path("leaveOnServer").asBoolean() ? "leave" : "delete", enabled(a)), "No POP3 download accounts.");
            }
            return 0;
        }

        @Command(name = "add", description = "Add or replace a POP3 download account.")
        int add(@Parameters(paramLabel = "NAME") String name,
                @Option(names = "--host", required = true, paramLabel = "HOST", description = "The remote server (--server is the admin API).") String server,
                @Option(names = "--port", paramLabel = "N", description = "Default 110, or 995 with --tls IMPLICIT.") Integer port,
                @Option(names = "--tls", paramLabel = "MODE", description = "NONE, STARTTLS (default) or IMPLICIT.") String tls,
                @Option(names = "--no-verify", description = "Do not check the server's certificate.") boolean noVerify,
                @Option(names = "--login", required = true, paramLabel = "NAME", description = "User name on the POP3 server.") String login,
                @Option(names = "--remote-password", paramLabel = "P", description = "Password on the POP3 server (asked when omitted).") String password,
                @Option(names = "--deliver-to", paramLabel = "ADDRESS", description = "Deliver everything here instead of sorting.") String deliverTo,
                @Option(names = "--leave-on-server", description = "Keep messages on the server (each is downloaded once).") boolean leave,
                @Option(names = "--max-messages", paramLabel = "N", description = "Messages per session (0 = all).") Integer maxMessages,
                @Option(names = "--max-bytes", paramLabel = "N", description = "Largest message downloaded (default 50 MB).") Long maxBytes,
                @Option(names = "--disabled") boolean disabled) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("enabled", !disabled);
            body.put("server", server);
            body.put("port", port == null ? 0 : port);
            body.put("tls", tls == null ? null : tls.toUpperCase(Locale.ROOT));
            body.put("verifyCertificate", !noVerify);
            body.put("user", login);
            body.put("password", Passwords.newPassword(password, login + " at " + server, "--remote-password"));
            body.put("deliverTo", deliverTo);
            body.put("leaveOnServer", leave);
            body.put("maxMessages", maxMessages == null ? 0 : maxMessages);
            body.put("maxMessageBytes", maxBytes == null ? 0 : maxBytes);
            return save(options, "/pop3-accounts/", name, body, "POP3 download account");
        }

        @Command(name = "remove", description = "Remove a POP3 download account.")
        int remove(@Parameters(paramLabel = "NAME") String name) { return DeliveryCommands.remove(options, "/pop3-accounts/", name, "POP3 download account"); }

        @Command(name = "run", description = "Download every enabled account now.")
        int run() { return runNow(options, "/pop3-accounts/run"); }
    }

    @Command(name = "etrn", description = "Servers asked by ETRN to flush our mail: list, add, remove, run.")
    static final class Etrn {
        private final ConnectionOptions options;

        Etrn(ConnectionOptions options) { this.options = options; }

        @Command(name = "list", description = "List ETRN download accounts.")
        int list() {
            try (AdminSession api = options.open()) {
                options.output().showRows(api.get(BASE + "/etrn"), List.of("NAME", "SERVER", "TLS", "DOMAINS", "LOGIN", "ENABLED"),
                        a -> List.of(a.path("name").asText(), a.path("server").asText() + ":" + a.path("port").asText(),
                                a.path("tls").asText() + (a.path("verifyCertificate").asBoolean(true) ? "" : " (unchecked)"),
                                a.path("domains").asText(), a.path("user").asText("-"), enabled(a)),
                        "No ETRN download accounts.");
            }
            return 0;
        }

        @Command(name = "add", description = "Add or replace an ETRN download account.")
        int add(@Parameters(paramLabel = "NAME") String name,
                @Option(names = "--host", required = true, paramLabel = "HOST", description = "The remote server (--server is the admin API).") String server,
                @Option(names = "--domains", required = true, paramLabel = "D1;D2", description = "Our domains, separated by ';'.") String domains,
                @Option(names = "--port", paramLabel = "N", description = "Default 25, or 465 with --tls IMPLICIT.") Integer port,
                @Option(names = "--tls", paramLabel = "MODE", description = "NONE (default), STARTTLS or IMPLICIT; login needs TLS.") String tls,
                @Option(names = "--no-verify", description = "Do not check the server's certificate.") boolean noVerify,
                @Option(names = "--login", paramLabel = "NAME", description = "Authenticate as this user.") String login,
                @Option(names = "--remote-password", paramLabel = "P") String password,
                @Option(names = "--disabled") boolean disabled) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("enabled", !disabled);
            body.put("server", server);
            body.put("port", port == null ? 0 : port);
            body.put("tls", tls == null ? null : tls.toUpperCase(Locale.ROOT));
            body.put("verifyCertificate", !noVerify);
            body.put("domains", domains);
            body.put("user", login);
            body.put("password", login == null ? null : Passwords.newPassword(password, login + " at " + server, "--remote-password"));
            return save(options, "/etrn/", name, body, "ETRN download account");
        }

        @Command(name = "remove", description = "Remove an ETRN download account.")
        int remove(@Parameters(paramLabel = "NAME") String name) { return DeliveryCommands.remove(options, "/etrn/", name, "ETRN download account"); }

        @Command(name = "run", description = "Send ETRN to every enabled account now.")
        int run() { return runNow(options, "/etrn/run"); }
    }

    @Command(name = "schedule", description = "Scheduled actions: list, add, remove.")
    static final class Schedule {
        private final ConnectionOptions options;

        Schedule(ConnectionOptions options) { this.options = options; }

        @Command(name = "list", description = "List scheduled actions.")
        int list() {
            try (AdminSession api = options.open()) {
                options.output().showRows(api.get(BASE + "/schedule"), List.of("NAME", "WHEN", "VALID", "ACTIONS", "ENABLED"), a -> {
                    List<String> actions = new ArrayList<>();
                    a.path("actions").forEach(x -> actions.add(x.asText()));
                    return List.of(a.path("name").asText(), a.path("at").isTextual() ? "at " + a.path("at").asText()
                            : "every " + a.path("everyMinutes").asText() + " min", a.path("timeRange").asText("always"),
                            String.join(", ", actions), enabled(a));
                }, "No scheduled actions.");
            }
            return 0;
        }

        @Command(name = "add", description = "Add or replace a scheduled action (--every N or --at HH:MM).")
        int add(@Parameters(paramLabel = "NAME") String name,
                @Option(names = "--every", paramLabel = "MINUTES") Integer every,
                @Option(names = "--at", paramLabel = "HH:MM") String at,
                @Option(names = "--time-range", paramLabel = "NAME", description = "Valid only within this time range.") String range,
                @Option(names = "--action", required = true, split = ",", paramLabel = "ACTION", description = "SEND, POP3, ETRN (comma-separated).")
                List<String> actions,
                @Option(names = "--disabled") boolean disabled) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("enabled", !disabled);
            body.put("everyMinutes", every == null ? 0 : every);
            body.put("at", at);
            body.put("timeRange", range);
            body.put("actions", upper(actions));
            return save(options, "/schedule/", name, body, "Scheduled action");
        }

        @Command(name = "remove", description = "Remove a scheduled action.")
        int remove(@Parameters(paramLabel = "NAME") String name) { return DeliveryCommands.remove(options, "/schedule/", name, "Scheduled action"); }
    }

    @Command(name = "sorting", description = "Sorting rules for multi-drop POP3 download: list, add, remove.")
    static final class Sorting {
        private final ConnectionOptions options;

        Sorting(ConnectionOptions options) { this.options = options; }

        @Command(name = "list", description = "List the sorting rules in order.")
        int list() {
            try (AdminSession api = options.open()) {
                options.output().showRows(api.get(SETTINGS).path("sortingRules"), List.of("SORT ADDRESS", "DELIVER TO"),
                        x -> List.of(x.path("sortAddress").asText(), x.path("deliverTo").asText()), "No sorting rules: multi-drop mail is discarded.");
            }
            return 0;
        }

        @Command(name = "add", description = "Append a rule, e.g. '*@example.com' '*@example.com', or '*' admin@example.com for the rest.")
        int add(@Parameters(index = "0", paramLabel = "SORT-ADDRESS") String pattern, @Parameters(index = "1", paramLabel = "DELIVER-TO") String target) {
            return edit(rules -> rules.addObject().put("sortAddress", pattern).put("deliverTo", target), "Sorting rule " + pattern + " -> " + target + " added.");
        }

        @Command(name = "remove", description = "Remove the rules for a sort address.")
        int remove(@Parameters(paramLabel = "SORT-ADDRESS") String pattern) {
            return edit(rules -> {
                for (int i = rules.size() - 1; i >= 0; i--) {
                    if (rules.get(i).path("sortAddress").asText().equalsIgnoreCase(pattern)) rules.remove(i);
                }
            }, "Sorting rules for " + pattern + " removed.");
        }

        private int edit(java.util.function.Consumer<ArrayNode> change, String done) {
            try (AdminSession api = options.open()) {
                ObjectNode s = ((ObjectNode) api.get(SETTINGS)).deepCopy();
                change.accept(s.withArray("sortingRules"));
                api.put(SETTINGS, s);
                options.output().line(done);
            }
            return 0;
        }
    }

    private static String enabled(JsonNode a) { return a.path("enabled").asBoolean() ? "yes" : "no"; }

    private static int save(ConnectionOptions options, String collection, String name, Map<String, Object> body, String label) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.put(BASE + collection + AdminSession.seg(name), body), r -> out.line(label + " " + name + " saved."));
        }
        return 0;
    }

    private static int remove(ConnectionOptions options, String collection, String name, String label) {
        try (AdminSession api = options.open()) {
            api.delete(BASE + collection + AdminSession.seg(name));
            options.output().line(label + " " + name + " removed.");
        }
        return 0;
    }

    private static int runNow(ConnectionOptions options, String path) {
        try (AdminSession api = options.open()) {
            report(options.output(), api.post(BASE + path, Map.of()));
        }
        return 0;
    }

    private static List<String> upper(List<String> values) { return values.stream().map(v -> v.strip().toUpperCase(Locale.ROOT)).toList(); }

    private static void report(Output out, JsonNode r) {
        out.show(r, x -> {
            for (JsonNode p : x.path("pop3")) {
                out.line("POP3 " + p.path("account").asText() + ": " + (p.path("error").isTextual() ? "failed: " + p.path("error").asText()
                        : p.path("downloaded").asInt() + " downloaded, " + p.path("deleted").asInt() + " deleted on the server, "
                        + p.path("skipped").asInt() + " left for later, " + p.path("discarded").asInt() + " discarded"));
            }
            for (JsonNode e : x.path("etrn")) {
                List<String> replies = new ArrayList<>();
                e.path("replies").forEach(v -> replies.add(v.asText()));
                out.line("ETRN " + e.path("account").asText() + ": " + (e.path("error").isTextual() ? "failed: " + e.path("error").asText()
                        : String.join("; ", replies)));
            }
            if (x.path("sent").isNumber()) out.line("Send: " + x.path("sent").asInt() + " queued message(s) tried.");
        });
    }
}
