package org.switchboard.web.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.switchboard.core.error.Problem;
import org.switchboard.smtp.fetch.ClientTls;
import org.switchboard.smtp.fetch.EtrnAccount;
import org.switchboard.smtp.fetch.FetchSettings;
import org.switchboard.smtp.fetch.Pop3Account;
import org.switchboard.smtp.fetch.ScheduledAction;
import org.switchboard.smtp.fetch.SortingRule;
import org.switchboard.web.api.Access;
import org.switchboard.web.api.DeliveryRoutes;

/**
 * Configuration → Delivery (guide part 1 §27–§29) in three tabs: POP3 Download (accounts and
 * sorting rules), ETRN Download, and Scheduling (scheduled actions and dial-up sending), each with
 * "run now". Every read and change is a delivery or settings API route, so the API's checks and
 * Config log apply; a refused form comes back with its values and the reason.
 */
final class DeliveryPages {
    static final String API = "/api/v1/delivery";
    static final String SETTINGS_API = "/api/v1/settings/" + FetchSettings.SECTION.name();
    private static final List<String> POP3_FIELDS = List.of("name", "server", "port", "tls", "user", "password", "deliverTo",
            "maxMessages", "maxMessageBytes");
    private static final List<String> ETRN_FIELDS = List.of("name", "server", "port", "tls", "verifyCertificate", "domains", "user", "password");
    private static final List<String> SCHEDULE_FIELDS = List.of("name", "everyMinutes", "at", "timeRange", "actions");
    private static final List<Option> TLS = List.of(new Option("STARTTLS", "STARTTLS (STLS), required"),
            new Option("IMPLICIT", "Implicit TLS (POP3S / SMTPS)"), new Option("NONE", "None (plain text)"));

    record Pop3Page(List<Pop3Account> rows, FormView add, FormView sorting, List<Option> tls) {}

    record EtrnPage(List<EtrnAccount> rows, FormView add, List<Option> tls) {}

    record SchedulePage(List<ScheduledAction> rows, FormView add, FormView dialUp, List<Option> ranges) {}

    private DeliveryPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/delivery", Access.SERVER_READ, c -> pop3(c, null, null, 200)),
                ConsoleRoute.get("/admin/delivery/pop3", Access.SERVER_READ, c -> pop3(c, null, null, 200)),
                ConsoleRoute.post("/admin/delivery/pop3", Access.SERVER_READ, DeliveryPages::savePop3),
                ConsoleRoute.post("/admin/delivery/pop3/sorting", Access.SERVER_READ, DeliveryPages::saveSorting),
                ConsoleRoute.post("/admin/delivery/pop3/run", Access.SERVER_READ,
                        c -> c.done("/admin/delivery/pop3", summary(c.apiJson("POST", API + "/pop3-accounts/run", null)))),
                ConsoleRoute.post("/admin/delivery/pop3/{name}/remove", Access.SERVER_READ, c -> {
                    c.api("DELETE", API + "/pop3-accounts/" + Paths.seg(c.param("name")), null);
                    return c.done("/admin/delivery/pop3", "POP3 download account " + c.param("name") + " removed.");
                }),
                ConsoleRoute.get("/admin/delivery/etrn", Access.SERVER_READ, c -> etrn(c, null, 200)),
                ConsoleRoute.post("/admin/delivery/etrn", Access.SERVER_READ, DeliveryPages::saveEtrn),
                ConsoleRoute.post("/admin/delivery/etrn/run", Access.SERVER_READ,
                        c -> c.done("/admin/delivery/etrn", summary(c.apiJson("POST", API + "/etrn/run", null)))),
                ConsoleRoute.post("/admin/delivery/etrn/{name}/remove", Access.SERVER_READ, c -> {
                    c.api("DELETE", API + "/etrn/" + Paths.seg(c.param("name")), null);
                    return c.done("/admin/delivery/etrn", "ETRN download account " + c.param("name") + " removed.");
                }),
                ConsoleRoute.get("/admin/delivery/schedule", Access.SERVER_READ, c -> schedule(c, null, null, 200)),
                ConsoleRoute.post("/admin/delivery/schedule", Access.SERVER_READ, DeliveryPages::saveSchedule),
                ConsoleRoute.post("/admin/delivery/schedule/dialup", Access.SERVER_READ, DeliveryPages::saveDialUp),
                ConsoleRoute.post("/admin/delivery/schedule/run", Access.SERVER_READ, c -> {
                    Set<ScheduledAction.Action> actions = EnumSet.noneOf(ScheduledAction.Action.class);
                    for (String a : c.form().all("action")) actions.add(action(a));
                    if (actions.isEmpty()) return c.done("/admin/delivery/schedule", "Choose at least one action to run.");
                    return c.done("/admin/delivery/schedule", summary(c.apiJson("POST", API + "/schedule/run", new DeliveryRoutes.RunSpec(actions))));
                }),
                ConsoleRoute.post("/admin/delivery/schedule/{name}/remove", Access.SERVER_READ, c -> {
                    c.api("DELETE", API + "/schedule/" + Paths.seg(c.param("name")), null);
                    return c.done("/admin/delivery/schedule", "Scheduled action " + c.param("name") + " removed.");
                }));
    }

    // ------------------------------------------------------------------ POP3 download

    private static Outcome pop3(Call c, FormView add, FormView sorting, int status) throws Exception {
        boolean w = c.principal().canWriteServer();
        FetchSettings s = c.read(SETTINGS_API, FetchSettings.class);
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("rules", String.join("\n", s.sortingRules().stream().map(r -> r.sortAddress() + " -> " + r.deliverTo()).toList()));
        rules.put("sortHeaders", String.join(", ", s.sortHeaders()));
        rules.put("useReceivedHeaders", Boolean.toString(s.useReceivedHeaders()));
        Map<String, String> defaults = Map.of("tls", "STARTTLS", "enabled", "true", "verifyCertificate", "true", "maxMessages", "0",
                "maxMessageBytes", "0");
        Pop3Page m = new Pop3Page(Arrays.asList(c.read(API + "/pop3-accounts", Pop3Account[].class)),
                add != null ? add : FormView.of(defaults, w), sorting != null ? sorting : FormView.of(rules, w), TLS);
        Frame f = c.frame("Delivery: POP3 download", "delivery");
        return Outcome.page(status, out -> Jtedeliverypop3Generated.render(out, null, f, m));
    }

    private static Outcome savePop3(Call c) throws Exception {
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        Map<String, String> errors = new LinkedHashMap<>();
        int port = number(f, "port", errors);
        int maxMessages = number(f, "maxMessages", errors);
        long maxBytes = 0;
        try {
            maxBytes = f.get("maxMessageBytes").isEmpty() ? 0 : Long.parseLong(f.get("maxMessageBytes"));
        } catch (NumberFormatException e) {
            errors.put("maxMessageBytes", "enter a whole number of bytes (0 = 50 MB)");
        }
        ClientTls tls = tls(f, errors);
        if (!errors.isEmpty()) return pop3(c, view.failed(errors), null, 400);
        String password = f.raw("password");
        DeliveryRoutes.Pop3Spec spec = new DeliveryRoutes.Pop3Spec(f.checked("enabled"), f.get("server"), port, tls, f.checked("verifyCertificate"),
                f.get("user"), password.isEmpty() ? null : password, f.get("deliverTo").isEmpty() ? null : f.get("deliverTo"),
                f.checked("leaveOnServer"), maxMessages, maxBytes);
        return put(c, API + "/pop3-accounts/" + Paths.seg(name(f)), spec, "/admin/delivery/pop3", "POP3 download account " + f.get("name") + " saved.",
                p -> pop3(c, view.failed(p, POP3_FIELDS), null, p.kind().status));
    }

    /** Sorting rules as "sort address -> delivery address" lines, in order. */
    private static Outcome saveSorting(Call c) throws Exception {
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        List<SortingRule> rules = new ArrayList<>();
        for (String line : f.lines("rules", false)) {
            String[] parts = line.split("->|→", 2);
            if (parts.length != 2) return pop3(c, null, view.failed(Map.of("rules", "write each rule as: sort address -> delivery address")), 400);
            rules.add(new SortingRule(parts[0].strip(), parts[1].strip()));
        }
        List<String> headers = f.lines("sortHeaders", true);
        FetchSettings current = c.read(SETTINGS_API, FetchSettings.class);
        FetchSettings next = new FetchSettings(current.sendOnlyOnSchedule(), headers.isEmpty() ? null : headers, f.checked("useReceivedHeaders"), rules);
        return put(c, SETTINGS_API, next, "/admin/delivery/pop3", "Sorting rules saved.",
                p -> pop3(c, null, view.failed(p, List.of("sortingRules", "sortHeaders")), p.kind().status));
    }

    // ------------------------------------------------------------------ ETRN download

    private static Outcome etrn(Call c, FormView add, int status) throws Exception {
        boolean w = c.principal().canWriteServer();
        EtrnPage m = new EtrnPage(Arrays.asList(c.read(API + "/etrn", EtrnAccount[].class)),
                add != null ? add : FormView.of(Map.of("tls", "NONE", "enabled", "true", "port", "25", "verifyCertificate", "true"), w), TLS);
        Frame f = c.frame("Delivery: ETRN download", "delivery");
        return Outcome.page(status, out -> JtedeliveryetrnGenerated.render(out, null, f, m));
    }

    private static Outcome saveEtrn(Call c) throws Exception {
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        Map<String, String> errors = new LinkedHashMap<>();
        int port = number(f, "port", errors);
        ClientTls tls = tls(f, errors);
        if (!errors.isEmpty()) return etrn(c, view.failed(errors), 400);
        String password = f.raw("password");
        DeliveryRoutes.EtrnSpec spec = new DeliveryRoutes.EtrnSpec(f.checked("enabled"), f.get("server"), port, tls, f.get("domains"),
                f.get("user").isEmpty() ? null : f.get("user"), password.isEmpty() ? null : password, f.checked("verifyCertificate"));
        return put(c, API + "/etrn/" + Paths.seg(name(f)), spec, "/admin/delivery/etrn", "ETRN download account " + f.get("name") + " saved.",
                p -> etrn(c, view.failed(p, ETRN_FIELDS), p.kind().status));
    }

    // ------------------------------------------------------------------ scheduling

    private static Outcome schedule(Call c, FormView add, FormView dialUp, int status) throws Exception {
        boolean w = c.principal().canWriteServer();
        FetchSettings s = c.read(SETTINGS_API, FetchSettings.class);
        List<Option> ranges = new ArrayList<>();
        ranges.add(new Option("", "Always"));
        c.ctx().timeRanges().list().forEach(r -> ranges.add(Option.of(r.name())));
        SchedulePage m = new SchedulePage(Arrays.asList(c.read(API + "/schedule", ScheduledAction[].class)),
                add != null ? add : FormView.of(Map.of("enabled", "true", "everyMinutes", "30"), w),
                dialUp != null ? dialUp : FormView.of(Map.of("sendOnlyOnSchedule", Boolean.toString(s.sendOnlyOnSchedule())), w), ranges);
        Frame f = c.frame("Delivery: scheduling", "delivery");
        return Outcome.page(status, out -> JtedeliveryscheduleGenerated.render(out, null, f, m));
    }

    private static Outcome saveSchedule(Call c) throws Exception {
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        Map<String, String> errors = new LinkedHashMap<>();
        int every = 0;
        LocalTime at = null;
        if ("at".equals(f.get("when"))) {
            try {
                at = LocalTime.parse(f.get("at"));
            } catch (DateTimeParseException e) {
                errors.put("at", "enter a time of day as HH:MM");
            }
        } else {
            every = number(f, "everyMinutes", errors);
        }
        Set<ScheduledAction.Action> actions = EnumSet.noneOf(ScheduledAction.Action.class);
        for (String a : f.all("actions")) {
            try {
                actions.add(action(a));
            } catch (IllegalArgumentException e) {
                errors.put("actions", "choose send, POP3 download or ETRN");
            }
        }
        if (!errors.isEmpty()) return schedule(c, view.failed(errors), null, 400);
        String range = f.get("timeRange");
        DeliveryRoutes.ScheduleSpec spec = new DeliveryRoutes.ScheduleSpec(f.checked("enabled"), every, at, range.isEmpty() ? null : range, actions);
        return put(c, API + "/schedule/" + Paths.seg(name(f)), spec, "/admin/delivery/schedule", "Scheduled action " + f.get("name") + " saved.",
                p -> schedule(c, view.failed(p, SCHEDULE_FIELDS), null, p.kind().status));
    }

    private static Outcome saveDialUp(Call c) throws Exception {
        Form f = c.form();
        FetchSettings current = c.read(SETTINGS_API, FetchSettings.class);
        FetchSettings next = new FetchSettings(f.checked("sendOnlyOnSchedule"), current.sortHeaders(), current.useReceivedHeaders(),
                current.sortingRules());
        return put(c, SETTINGS_API, next, "/admin/delivery/schedule", next.sendOnlyOnSchedule()
                ? "Mail for other servers now leaves only when a scheduled send runs." : "Mail for other servers leaves at once again.",
                p -> schedule(c, null, FormView.of(f.echo(), true).failed(p, List.of("sendOnlyOnSchedule")), p.kind().status));
    }

    // ------------------------------------------------------------------ shared

    /** The page to show again when the API refused a form. */
    private interface Refused {
        Outcome page(Problem p) throws Exception;
    }

    /** PUTs through the API; on success back to {@code location} with the notice, else the form again with the reason. */
    private static Outcome put(Call c, String path, Object body, String location, String notice, Refused refused) throws Exception {
        try {
            c.api("PUT", path, body);
            return c.done(location, notice);
        } catch (Problem p) {
            return refused.page(p);
        }
    }

    private static String name(Form f) {
        String n = f.get("name");
        if (n.isEmpty()) throw Problem.invalid("name", "a name is required");
        return n;
    }

    private static int number(Form f, String field, Map<String, String> errors) {
        try {
            return f.get(field).isEmpty() ? 0 : Integer.parseInt(f.get(field));
        } catch (NumberFormatException e) {
            errors.put(field, "enter a whole number");
            return 0;
        }
    }

    private static ClientTls tls(Form f, Map<String, String> errors) {
        try {
            return ClientTls.valueOf(f.get("tls"));
        } catch (IllegalArgumentException e) {
            errors.put("tls", "choose STARTTLS, implicit TLS or none");
            return null;
        }
    }

    private static ScheduledAction.Action action(String a) { return ScheduledAction.Action.valueOf(a.strip().toUpperCase(java.util.Locale.ROOT)); }

    /** One line for the notice after "run now". */
    static String summary(JsonNode r) {
        List<String> parts = new ArrayList<>();
        for (JsonNode p : r.path("pop3")) {
            parts.add("POP3 " + p.path("account").asText() + ": " + (p.path("error").isTextual() ? "failed (" + p.path("error").asText() + ")"
                    : p.path("downloaded").asInt() + " downloaded, " + p.path("deleted").asInt() + " deleted on the server"));
        }
        for (JsonNode e : r.path("etrn")) {
            List<String> replies = new ArrayList<>();
            e.path("replies").forEach(x -> replies.add(x.asText()));
            parts.add("ETRN " + e.path("account").asText() + ": " + (e.path("error").isTextual() ? "failed (" + e.path("error").asText() + ")"
                    : String.join("; ", replies)));
        }
        if (r.path("sent").isNumber()) parts.add("sending: " + r.path("sent").asInt() + " queued message(s) tried");
        return parts.isEmpty() ? "Nothing to run: no enabled accounts." : String.join(". ", parts) + ".";
    }
}
