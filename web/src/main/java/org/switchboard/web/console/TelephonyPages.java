package org.switchboard.web.console;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.error.Problem;
import org.switchboard.pbx.PbxSettings;
import org.switchboard.pbx.call.CallRecord;
import org.switchboard.pbx.call.Calls;
import org.switchboard.pbx.extension.DialPlanEntry;
import org.switchboard.pbx.extension.NewExtension;
import org.switchboard.web.api.Access;
import org.switchboard.web.api.PbxRoutes;

/**
 * The telephone exchange: extensions (add, remove, SIP password), registrations and active
 * calls (refreshed live), call history and dial plan (with their CSV), and the exchange's
 * settings section. Reads and changes are the exchange's API routes run as the logged-in
 * administrator, so a domain administrator sees and changes only their own users' extensions.
 */
final class TelephonyPages {
    static final String EXTENSIONS_API = "/api/v1/pbx/extensions";
    static final String REGISTRATIONS_API = "/api/v1/pbx/registrations";
    static final String ACTIVE_CALLS_API = "/api/v1/pbx/calls/active";
    static final String HISTORY_API = "/api/v1/pbx/calls";
    static final String DIALPLAN_API = "/api/v1/pbx/dialplan";
    static final List<String> ADD_FIELDS = List.of("number", "owner", "displayName", "description", "sipPassword", "sipPassword2", "ringSeconds");
    static final List<String> EXCHANGE_FIELDS = List.of("enabled", "listenAddress", "sipPort", "sipsPort", "realm", "digestAlgorithms",
            "mediaAddress", "rtpPortMin", "rtpPortMax", "minExpires", "maxExpires", "ringSeconds", "maxContacts", "allowedIpGroup",
            "voicemailNumber", "voicemailPrefix");
    static final List<Integer> HISTORY_LIMITS = List.of(50, 200, 1000);
    /** The digest algorithm orders a phone can be offered (RFC 8760 section 2.4: most preferred first). */
    static final List<Option> DIGESTS = List.of(new Option("MD5", "MD5 only (every phone tested registers)"),
            new Option("MD5,SHA-256", "MD5, then SHA-256 (phones such as baresip 1.0 refuse to register)"),
            new Option("SHA-256,MD5", "SHA-256, then MD5 (phones that answer only the first challenge need SHA-256)"),
            new Option("SHA-256", "SHA-256 only"));

    /** One extension in the list; {@code devices} is null when this administrator cannot see registrations. */
    record Row(PbxRoutes.ExtensionView extension, Integer devices) {}

    /** {@code standalone}: may add extensions without a user; {@code server}: may open the exchange's server-wide pages. */
    record ListPage(List<Row> rows, FormView add, boolean canAdd, boolean standalone, boolean server) {}

    record ExtensionPage(PbxRoutes.ExtensionView extension, boolean writable, boolean canReveal, String secret,
                         List<PbxRoutes.RegistrationView> devices, FormView password, FormView phones, String actionError, ZoneId zone) {}

    record Registrations(List<PbxRoutes.RegistrationView> rows, ZoneId zone) {}

    record ActiveCalls(List<Calls.ActiveCall> rows, Instant now, ZoneId zone) {}

    record History(List<CallRecord> rows, FormView query, List<Option> limits, int limit, ZoneId zone) {}

    record DialPlan(List<DialPlanEntry> rows) {}

    private TelephonyPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/extensions", Access.ADMIN, c -> list(c, null, 200)),
                ConsoleRoute.post("/admin/extensions", Access.ADMIN, TelephonyPages::add),
                ConsoleRoute.get("/admin/extensions/{number}", Access.ADMIN, c -> extension(c, null, null, null, 200)),
                ConsoleRoute.get("/admin/extensions/{number}/sip-password", Access.ADMIN, c -> {
                    PbxRoutes.Secret s = c.read(extensionApi(c.param("number")) + "/sip-password", PbxRoutes.Secret.class);
                    if (c.htmx()) return Outcome.page(out -> JtesipsecretGenerated.render(out, null, s.sipPassword()));
                    return extension(c, s.sipPassword(), null, null, 200);
                }),
                ConsoleRoute.post("/admin/extensions/{number}/sip-password", Access.ADMIN, TelephonyPages::setPassword),
                ConsoleRoute.post("/admin/extensions/{number}/phones", Access.ADMIN, TelephonyPages::setPhones),
                ConsoleRoute.post("/admin/extensions/{number}/remove", Access.ADMIN, c -> {
                    String n = find(c, c.param("number")).number();
                    try {
                        c.api("DELETE", extensionApi(n), null);
                        return c.done("/admin/extensions", "Extension " + n + " removed.");
                    } catch (Problem p) {
                        return extension(c, null, null, p.getMessage(), p.kind().status);
                    }
                }),
                ConsoleRoute.get("/admin/registrations", Access.SERVER_READ, c -> {
                    Registrations m = registrations(c);
                    Frame f = c.frame("Registrations", "registrations");
                    return Outcome.page(out -> JteregistrationsGenerated.render(out, null, f, m));
                }),
                ConsoleRoute.poll("/admin/registrations/live", Access.SERVER_READ, c -> {
                    Registrations m = registrations(c);
                    return Outcome.page(out -> JteregistrationslistGenerated.render(out, null, m));
                }),
                ConsoleRoute.get("/admin/calls", Access.SERVER_READ, c -> {
                    ActiveCalls m = activeCalls(c);
                    Frame f = c.frame("Active calls", "calls");
                    return Outcome.page(out -> JtecallsGenerated.render(out, null, f, m));
                }),
                ConsoleRoute.poll("/admin/calls/live", Access.SERVER_READ, c -> {
                    ActiveCalls m = activeCalls(c);
                    return Outcome.page(out -> JtecallslistGenerated.render(out, null, m));
                }),
                ConsoleRoute.get("/admin/callhistory", Access.SERVER_READ, c -> {
                    int limit = limit(c);
                    List<CallRecord> rows = Arrays.asList(c.read(HISTORY_API + "?limit=" + limit, CallRecord[].class));
                    History m = new History(rows, FormView.of(Map.of("limit", Integer.toString(limit)), true),
                            HISTORY_LIMITS.stream().map(i -> Option.of(Integer.toString(i))).toList(), limit, c.zone());
                    Frame f = c.frame("Call history", "callhistory");
                    return Outcome.page(out -> JtecallhistoryGenerated.render(out, null, f, m));
                }),
                ConsoleRoute.get("/admin/callhistory/calls.csv", Access.SERVER_READ,
                        c -> new Outcome.Raw(c.api("GET", HISTORY_API + "?format=csv&limit=" + limit(c), null))),
                ConsoleRoute.get("/admin/dialplan", Access.SERVER_READ, c -> {
                    DialPlan m = new DialPlan(Arrays.asList(c.read(DIALPLAN_API, DialPlanEntry[].class)));
                    Frame f = c.frame("Dial plan", "dialplan");
                    return Outcome.page(out -> JtedialplanGenerated.render(out, null, f, m));
                }),
                ConsoleRoute.get("/admin/dialplan/dialplan.csv", Access.SERVER_READ,
                        c -> new Outcome.Raw(c.api("GET", DIALPLAN_API + "?format=csv", null))),
                ConsoleRoute.get("/admin/exchange", Access.SERVER_READ, c -> exchange(c, null, 200)),
                ConsoleRoute.post("/admin/exchange", Access.SERVER_READ, TelephonyPages::saveExchange));
    }

    static String extensionApi(String number) { return EXTENSIONS_API + "/" + Paths.seg(number); }

    /** The extensions this administrator can see. */
    static List<PbxRoutes.ExtensionView> extensions(Call c) throws Exception {
        return Arrays.asList(c.read(EXTENSIONS_API, PbxRoutes.ExtensionView[].class));
    }

    /** A user's extensions, for the user's page; empty when the exchange is not wired in. */
    static List<PbxRoutes.ExtensionView> ofUser(Call c, String address) throws Exception {
        if (!c.offers(EXTENSIONS_API)) return List.of();
        return extensions(c).stream().filter(x -> address.equalsIgnoreCase(x.owner())).toList();
    }

    /** An extension this administrator may see; others do not exist for them. */
    private static PbxRoutes.ExtensionView find(Call c, String number) throws Exception {
        return extensions(c).stream().filter(x -> x.number().equals(number)).findFirst()
                .orElseThrow(() -> Problem.notFound("extension " + number));
    }

    private static boolean writable(Call c, PbxRoutes.ExtensionView x) {
        Principal p = c.principal();
        if (x.owner() == null) return p.canWriteServer();
        return c.ctx().directory().user(x.owner()).map(u -> p.canWriteDomain(u.domain())).orElse(p.canWriteServer());
    }

    private static boolean canAddAny(Call c) {
        Principal p = c.principal();
        return p.canWriteServer() || c.ctx().directory().domains().stream().anyMatch(d -> p.canWriteDomain(d.name()));
    }

    private static Outcome list(Call c, FormView add, int status) throws Exception {
        List<PbxRoutes.RegistrationView> regs = c.principal().canReadServer()
                ? Arrays.asList(c.read(REGISTRATIONS_API, PbxRoutes.RegistrationView[].class)) : null;
        List<Row> rows = extensions(c).stream().map(x -> new Row(x, regs == null ? null
                : (int) regs.stream().filter(r -> r.extension().equals(x.number())).count())).toList();
        boolean canAdd = canAddAny(c);
        FormView form = add;
        if (form == null) {
            Map<String, String> v = new LinkedHashMap<>();
            v.put("owner", c.query().get("owner"));
            v.put("ringSeconds", "0");
            form = FormView.of(v, canAdd);
        }
        ListPage m = new ListPage(rows, form, canAdd, c.principal().canWriteServer(), c.principal().canReadServer());
        Frame f = c.frame("Extensions", "extensions");
        return Outcome.page(status, out -> JteextensionsGenerated.render(out, null, f, m));
    }

    private static Outcome add(Call c) throws Exception {
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        Input in = new Input(f);
        String number = f.get("number");
        String owner = f.get("owner");
        String password = f.raw("sipPassword");
        if (number.isEmpty()) in.error("number", "an extension number is required");
        if (owner.isEmpty() && !c.principal().canWriteServer()) {
            in.error("owner", "give the user the extension belongs to; only a whole-server administrator adds standalone extensions");
        }
        if (!password.equals(f.raw("sipPassword2"))) in.error("sipPassword2", "the two passwords differ");
        if (password.isEmpty() && !c.principal().canWriteServer()) {
            in.error("sipPassword", "choose the SIP password the phone will use");
        }
        Integer ring = f.get("ringSeconds").isEmpty() ? Integer.valueOf(0) : in.integer("ringSeconds", 0, 600);
        if (!in.ok()) return list(c, view.failed(in.errors()), 400);
        NewExtension spec = new NewExtension(number, owner.isEmpty() ? null : owner, f.get("displayName"), f.get("description"),
                password.isEmpty() ? null : password, ring, null, null, null);
        try {
            PbxRoutes.ExtensionView x = Call.json(c.api("POST", EXTENSIONS_API, spec), PbxRoutes.ExtensionView.class);
            return c.done("/admin/extensions/" + Paths.seg(x.number()), "Extension " + x.number() + " added"
                    + (x.owner() == null ? " (standalone)" : " for " + x.owner())
                    + (password.isEmpty() ? "; a strong SIP password was generated (Show SIP password below)." : "."));
        } catch (Problem p) {
            return list(c, refused(view, p), p.kind().status);
        }
    }

    /** Conflicts are about the number and an unknown owner about the owner; the rest maps by field name. */
    private static FormView refused(FormView view, Problem p) {
        if (p.kind() == Problem.Kind.CONFLICT) return view.failed(Map.of("number", p.getMessage()));
        if (p.kind() == Problem.Kind.NOT_FOUND) return view.failed(Map.of("owner", p.getMessage()));
        return view.failed(p, ADD_FIELDS);
    }

    private static Outcome extension(Call c, String secret, FormView password, String actionError, int status) throws Exception {
        return extension(c, secret, password, null, actionError, status);
    }

    private static Outcome extension(Call c, String secret, FormView password, FormView phones, String actionError, int status) throws Exception {
        PbxRoutes.ExtensionView x = find(c, c.param("number"));
        boolean w = writable(c, x);
        List<PbxRoutes.RegistrationView> devices = c.principal().canReadServer()
                ? Arrays.stream(c.read(REGISTRATIONS_API, PbxRoutes.RegistrationView[].class)).filter(r -> r.extension().equals(x.number())).toList()
                : null;
        ExtensionPage m = new ExtensionPage(x, w, c.principal().canWriteServer(), secret, devices,
                password != null ? password : FormView.of(Map.of(), w),
                phones != null ? phones : FormView.of(Map.of("phones", Integer.toString(x.phones())), w), actionError, c.zone());
        Frame f = c.frame("Extension " + x.number(), "extensions");
        return Outcome.page(status, out -> JteextensionGenerated.render(out, null, f, m));
    }

    private static Outcome setPassword(Call c) throws Exception {
        PbxRoutes.ExtensionView x = find(c, c.param("number"));
        FormView pv = FormView.of(Map.of(), true);
        String pw = c.form().raw("sipPassword");
        if (!pw.equals(c.form().raw("sipPassword2"))) {
            return extension(c, null, pv.failed(Map.of("sipPassword2", "the two passwords differ")), null, 400);
        }
        try {
            c.api("PUT", extensionApi(x.number()) + "/sip-password", new PbxRoutes.Password(pw));
            return c.done("/admin/extensions/" + Paths.seg(x.number()), "SIP password of extension " + x.number()
                    + " set; its phones must use the new one when they next register.");
        } catch (Problem p) {
            return extension(c, null, pv.failed(p, List.of("sipPassword")), null, p.kind().status);
        }
    }

    private static Outcome setPhones(Call c) throws Exception {
        PbxRoutes.ExtensionView x = find(c, c.param("number"));
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        Input in = new Input(f);
        Integer phones = in.integer("phones", 1, 20);
        if (!in.ok()) return extension(c, null, null, view.failed(in.errors()), null, 400);
        try {
            PbxRoutes.ExtensionView after = Call.json(c.api("PUT", extensionApi(x.number()) + "/phones", new PbxRoutes.Phones(phones)),
                    PbxRoutes.ExtensionView.class);
            return c.done("/admin/extensions/" + Paths.seg(x.number()), after.sipUsers().isEmpty()
                    ? "Extension " + x.number() + " has one phone, which uses the number as its SIP user name."
                    : "Extension " + x.number() + " has " + after.phones() + " manually configured phones; enter each one's SIP user name below as its User ID.");
        } catch (Problem p) {
            return extension(c, null, null, view.failed(p, List.of("phones")), null, p.kind().status);
        }
    }

    private static Registrations registrations(Call c) throws Exception {
        return new Registrations(Arrays.asList(c.read(REGISTRATIONS_API, PbxRoutes.RegistrationView[].class)), c.zone());
    }

    private static ActiveCalls activeCalls(Call c) throws Exception {
        return new ActiveCalls(Arrays.asList(c.read(ACTIVE_CALLS_API, Calls.ActiveCall[].class)), c.ctx().clock().instant(), c.zone());
    }

    private static int limit(Call c) {
        String q = c.query().get("limit");
        return HISTORY_LIMITS.stream().filter(i -> Integer.toString(i).equals(q)).findFirst().orElse(200);
    }

    /** "1 user extension" and friends: the dial plan's Type IDs as words (guide Table 12.1). */
    static String type(int typeId) {
        return switch (typeId) {
            case DialPlanEntry.USER_EXTENSION -> "User extension";
            case DialPlanEntry.STANDALONE_EXTENSION -> "Standalone extension";
            case DialPlanEntry.VOICEMAIL -> "Voicemail";
            case DialPlanEntry.VOICEMAIL_PREFIX -> "Direct voicemail prefix";
            default -> "Type " + typeId;
        };
    }

    static boolean isExtension(int typeId) {
        return typeId == DialPlanEntry.USER_EXTENSION || typeId == DialPlanEntry.STANDALONE_EXTENSION;
    }

    static String disposition(CallRecord.Disposition d) {
        return switch (d) {
            case ANSWERED -> "answered";
            case BUSY -> "busy";
            case NO_ANSWER -> "not answered";
            case CANCELLED -> "cancelled by the caller";
            case UNAVAILABLE -> "unavailable";
            case FAILED -> "failed";
            case VOICEMAIL -> "voicemail";
        };
    }

    private static Outcome exchange(Call c, FormView form, int status) {
        PbxSettings s = c.ctx().settings().get(PbxSettings.SECTION);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("enabled", Boolean.toString(s.enabled()));
        v.put("listenAddress", s.listenAddress());
        v.put("sipPort", Integer.toString(s.sipPort()));
        v.put("sipsPort", Integer.toString(s.sipsPort()));
        v.put("realm", s.realm());
        v.put("digestAlgorithms", String.join(",", s.digestAlgorithms()));
        v.put("mediaAddress", s.mediaAddress());
        v.put("rtpPortMin", Integer.toString(s.rtpPortMin()));
        v.put("rtpPortMax", Integer.toString(s.rtpPortMax()));
        v.put("minExpires", Integer.toString(s.minExpires()));
        v.put("maxExpires", Integer.toString(s.maxExpires()));
        v.put("ringSeconds", Integer.toString(s.ringSeconds()));
        v.put("maxContacts", Integer.toString(s.maxContacts()));
        v.put("allowedIpGroup", s.allowedIpGroup());
        v.put("voicemailNumber", s.voicemailNumber());
        v.put("voicemailPrefix", s.voicemailPrefix());
        List<Option> digests = new ArrayList<>(DIGESTS);
        if (digests.stream().noneMatch(o -> o.value().equals(v.get("digestAlgorithms")))) digests.add(0, Option.of(v.get("digestAlgorithms")));
        List<Option> groups = new ArrayList<>();
        groups.add(new Option("", "Anyone (no restriction)"));
        c.ctx().ipGroups().list().forEach(g -> groups.add(Option.of(g.name())));
        List<ConfigurationPages.Field> fields = List.of(
                new ConfigurationPages.Field("enabled", "Telephone exchange enabled", "check", null, null),
                new ConfigurationPages.Field("listenAddress", "Listen on address", "text", "0.0.0.0 for every address of this machine", null),
                new ConfigurationPages.Field("sipPort", "SIP port (UDP and TCP)", "number", "Standard 5060; the port offset is added", null),
                new ConfigurationPages.Field("sipsPort", "SIP over TLS port", "number", "Standard 5061; 0 turns SIP over TLS off", null),
                new ConfigurationPages.Field("realm", "Authentication realm", "text", "Shown to phones when they log in; empty uses the host name", null),
                new ConfigurationPages.Field("digestAlgorithms", "Password check offered to phones", "select", null, digests),
                new ConfigurationPages.Field("mediaAddress", "Media address", "text",
                        "The address phones send audio to; empty uses the address each phone reached the server on. Set it behind NAT.", null),
                new ConfigurationPages.Field("rtpPortMin", "First media (RTP) port", "number", "Each call uses 4 ports of the range", null),
                new ConfigurationPages.Field("rtpPortMax", "Last media (RTP) port", "number", null, null),
                new ConfigurationPages.Field("minExpires", "Shortest registration accepted (seconds)", "number", null, null),
                new ConfigurationPages.Field("maxExpires", "Longest registration granted (seconds)", "number", null, null),
                new ConfigurationPages.Field("ringSeconds", "Ring for (seconds) before a call is not answered", "number",
                        "5 to 600; an extension can ring longer or shorter", null),
                new ConfigurationPages.Field("maxContacts", "Phones per extension", "number", "1 to 100 devices registered at once", null),
                new ConfigurationPages.Field("allowedIpGroup", "Allowed from (IP address group)", "select", null, groups),
                new ConfigurationPages.Field("voicemailNumber", "Voicemail number", "text", "Digits, * or #; empty for none", null),
                new ConfigurationPages.Field("voicemailPrefix", "Direct voicemail prefix", "text",
                        "Dialled before an extension to reach its voicemail, e.g. *9", null));
        ConfigurationPages.SimplePage m = new ConfigurationPages.SimplePage("Exchange settings",
                "Saving restarts the telephone exchange: calls in progress end, and phones register again when they next refresh.",
                "/admin/exchange", form != null ? form : FormView.of(v, c.principal().canWriteServer()), fields, null);
        Frame f = c.frame("Exchange settings", "exchange");
        return Outcome.page(status, out -> JtesettingsGenerated.render(out, null, f, m));
    }

    private static Outcome saveExchange(Call c) throws Exception {
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        Input in = new Input(f);
        Integer sip = in.integer("sipPort", 1, 65535);
        Integer sips = in.integer("sipsPort", 0, 65535);
        Integer rtpMin = in.integer("rtpPortMin", 1, 65535);
        Integer rtpMax = in.integer("rtpPortMax", 1, 65535);
        Integer minExpires = in.integer("minExpires", 1, 7 * 86_400);
        Integer maxExpires = in.integer("maxExpires", 1, 7 * 86_400);
        Integer ring = in.integer("ringSeconds", 1, 3600);
        Integer contacts = in.integer("maxContacts", 1, 1000);
        List<String> digests = f.get("digestAlgorithms").isEmpty() ? List.of() : List.of(f.get("digestAlgorithms").split(","));
        if (!in.ok()) return exchange(c, view.failed(in.errors()), 400);
        // Voicemail length and sender are not on this form yet: keep what is set.
        PbxSettings current = c.ctx().settings().get(PbxSettings.SECTION);
        PbxSettings s = new PbxSettings(f.checked("enabled"), f.get("listenAddress"), sip, sips, f.get("realm"), digests,
                f.get("mediaAddress"), rtpMin, rtpMax, minExpires, maxExpires, ring, contacts, f.get("allowedIpGroup"),
                f.get("voicemailNumber"), f.get("voicemailPrefix"), current.voicemailMaxSeconds(), current.voicemailSender());
        try {
            c.api("PUT", "/api/v1/settings/" + PbxSettings.SECTION.name(), s);
            return c.done("/admin/exchange", "Exchange settings saved; the exchange restarts with them.");
        } catch (Problem p) {
            // The section's checks name their fields; the RTP range check names the range, shown at its first port.
            List<String> fields = new ArrayList<>(EXCHANGE_FIELDS);
            fields.add("RTP");
            FormView failed = view.failed(p, fields);
            Map<String, String> errs = new LinkedHashMap<>(failed.errors());
            if (errs.containsKey("RTP")) errs.putIfAbsent("rtpPortMin", errs.remove("RTP"));
            return exchange(c, new FormView(failed.values(), errs, failed.message(), true), p.kind().status);
        }
    }
}
