package org.switchboard.web.console;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.switchboard.core.auth.Lockout;
import org.switchboard.core.auth.SecuritySettings;
import org.switchboard.core.definitions.IpGroup;
import org.switchboard.core.error.Problem;
import org.switchboard.core.settings.AdminSettings;
import org.switchboard.core.settings.ServerSettings;
import org.switchboard.core.settings.ServiceSettings;
import org.switchboard.core.settings.ServicesSettings;
import org.switchboard.core.tls.CertificateInfo;
import org.switchboard.web.api.Access;
import org.switchboard.web.api.ApiContext;

/**
 * Server configuration: services, security (password guessing, blocks), the certificate,
 * the server's identity, and administration sessions. Each settings form replaces its whole
 * section through the API, so the section's validation decides and the Config log records it.
 */
final class ConfigurationPages {
    record ServicesPage(List<ServiceSettings> services, List<ApiContext.ServiceStatus> status) {}

    record ServicePage(String name, FormView form, List<Option> groups, ApiContext.ServiceStatus status) {}

    record SecurityPage(FormView form, List<Option> groups, List<Lockout.Block> blocks, List<Lockout.AccountLock> locks, boolean writable) {}

    record CertificatePage(CertificateInfo info, boolean writable, String hostName) {}

    record SimplePage(String title, String intro, String action, FormView form, List<Field> fields, FormView password) {}

    /** A field of a plain settings form: kind is text, number, check or select. */
    record Field(String name, String label, String kind, String hint, List<Option> options) {}

    static final List<String> SERVICE_FIELDS = List.of("enabled", "listen", "allowedIpGroup", "maxConnections", "idleTimeoutSeconds", "maxLineLength");
    static final List<String> SECURITY_FIELDS = List.of("blockIps", "failures", "windowSeconds", "blockSeconds", "lockAccounts",
            "accountLockSeconds", "trustedIpGroup", "storeReversibleSecrets", "allowPlaintextWithoutTls");

    private ConfigurationPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/services", Access.SERVER_READ, c -> {
                    ServicesPage m = new ServicesPage(services(c).services(), c.ctx().services().get());
                    Frame f = c.frame("Services", "services");
                    return Outcome.page(out -> JteservicesGenerated.render(out, null, f, m));
                }),
                ConsoleRoute.get("/admin/services/{name}", Access.SERVER_READ, c -> service(c, null, 200)),
                ConsoleRoute.post("/admin/services/{name}", Access.SERVER_READ, ConfigurationPages::saveService),
                ConsoleRoute.get("/admin/security", Access.SERVER_READ, c -> security(c, null, 200)),
                ConsoleRoute.post("/admin/security", Access.SERVER_READ, ConfigurationPages::saveSecurity),
                ConsoleRoute.post("/admin/security/unlock-all", Access.SERVER_READ, c -> {
                    var r = c.apiJson("POST", "/api/v1/security/unlock-all", null);
                    return c.done("/admin/security", r.get("lifted").asInt() + " block(s) and lock(s) lifted.");
                }),
                ConsoleRoute.get("/admin/certificates", Access.SERVER_READ, c -> {
                    CertificatePage m = new CertificatePage(c.ctx().certificates().info(), c.principal().canWriteServer(),
                            c.ctx().settings().get(ServerSettings.SECTION).hostName());
                    Frame f = c.frame("Certificates", "certificates");
                    return Outcome.page(out -> JtecertificatesGenerated.render(out, null, f, m));
                }),
                ConsoleRoute.post("/admin/certificates/self-signed", Access.SERVER_READ, c -> {
                    var r = c.apiJson("POST", "/api/v1/certificate/self-signed", null);
                    return c.done("/admin/certificates", "A new self-signed certificate is in use (SHA-256 " + r.get("sha256Fingerprint").asText() + ").");
                }),
                ConsoleRoute.get("/admin/server", Access.SERVER_READ, c -> server(c, null, 200)),
                ConsoleRoute.post("/admin/server", Access.SERVER_READ, ConfigurationPages::saveServer),
                ConsoleRoute.get("/admin/administration", Access.SERVER_READ, c -> administration(c, null, null, 200)),
                ConsoleRoute.post("/admin/administration", Access.SERVER_READ, ConfigurationPages::saveAdministration),
                ConsoleRoute.post("/admin/administration/password", Access.SERVER_READ, c -> {
                    String pw = c.form().raw("password");
                    FormView pv = FormView.of(Map.of(), true);
                    if (!pw.equals(c.form().raw("password2"))) {
                        return administration(c, null, pv.failed(Map.of("password2", "the two passwords differ")), 400);
                    }
                    try {
                        c.api("POST", "/api/v1/security/admin-password", Map.of("password", pw));
                    } catch (Problem p) {
                        return administration(c, null, pv.failed(p, List.of("password")), p.kind().status);
                    }
                    if (c.principal().isBuiltinAdmin()) return new Outcome.Redirect("/admin/login?reason=expired");
                    return c.done("/admin/administration", "The built-in administrator's password was changed; its sessions were ended.");
                }));
    }

    static ServicesSettings services(Call c) { return (ServicesSettings) c.ctx().settings().get("services"); }

    private static List<Option> groupOptions(Call c, String none) {
        List<Option> out = new ArrayList<>();
        out.add(new Option("", none));
        for (IpGroup g : c.ctx().ipGroups().list()) out.add(Option.of(g.name()));
        return out;
    }

    private static Outcome service(Call c, FormView form, int status) {
        ServiceSettings s = services(c).services().stream().filter(x -> x.name().equals(c.param("name"))).findFirst()
                .orElseThrow(() -> Problem.notFound("service " + c.param("name")));
        Map<String, String> v = new LinkedHashMap<>();
        v.put("enabled", Boolean.toString(s.enabled()));
        v.put("listen", String.join("\n", s.listen().stream().map(l -> l.address() + " " + l.port() + (l.tls() ? " tls" : "")).toList()));
        v.put("allowedIpGroup", s.allowedIpGroup() == null ? "" : s.allowedIpGroup());
        v.put("maxConnections", Integer.toString(s.maxConnections()));
        v.put("idleTimeoutSeconds", Integer.toString(s.idleTimeoutSeconds()));
        v.put("maxLineLength", Integer.toString(s.maxLineLength()));
        FormView fv = form != null ? form : FormView.of(v, c.principal().canWriteServer());
        ApiContext.ServiceStatus st = c.ctx().services().get().stream().filter(x -> x.name().equals(s.name())).findFirst().orElse(null);
        ServicePage m = new ServicePage(s.name(), fv, groupOptions(c, "Anyone (no restriction)"), st);
        Frame f = c.frame("Service " + s.name(), "services");
        return Outcome.page(status, out -> JteserviceGenerated.render(out, null, f, m));
    }

    private static Outcome saveService(Call c) throws Exception {
        ServicesSettings all = services(c);
        String name = c.param("name");
        if (all.services().stream().noneMatch(x -> x.name().equals(name))) throw Problem.notFound("service " + name);
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        Input in = new Input(f);
        Integer max = in.integer("maxConnections", 0, 1_000_000);
        Integer idle = in.integer("idleTimeoutSeconds", 1, 86_400);
        Integer line = in.integer("maxLineLength", 512, 1 << 20);
        List<ServiceSettings.Listen> listen = new ArrayList<>();
        for (String l : f.lines("listen", false)) {
            String[] p = l.split("\\s+");
            try {
                if (p.length < 2 || p.length > 3 || (p.length == 3 && !p[2].equalsIgnoreCase("tls"))) throw new NumberFormatException();
                listen.add(new ServiceSettings.Listen(p[0], Integer.parseInt(p[1]), p.length == 3));
            } catch (NumberFormatException e) {
                in.error("listen", "write each address as 'ADDRESS PORT' or 'ADDRESS PORT tls', e.g. 0.0.0.0 4040 tls");
            }
        }
        if (listen.isEmpty()) in.error("listen", "add at least one address and port");
        if (!in.ok()) return service(c, view.failed(in.errors()), 400);
        String group = f.get("allowedIpGroup");
        List<ServiceSettings> next = all.services().stream().map(s -> !s.name().equals(name) ? s
                : new ServiceSettings(name, f.checked("enabled"), listen, group.isEmpty() ? null : group, max, idle, line)).toList();
        try {
            c.api("PUT", "/api/v1/settings/services", new ServicesSettings(next));
            return c.done("/admin/services/" + Paths.seg(name), "Service " + name + " saved; it restarts with the new settings within a second.");
        } catch (Problem p) {
            List<String> fields = new ArrayList<>(SERVICE_FIELDS);
            fields.addAll(List.of("port", "address", "disabled"));
            FormView failed = view.failed(p, fields);
            Map<String, String> errs = new LinkedHashMap<>(failed.errors());
            for (String alias : List.of("port", "address")) if (errs.containsKey(alias)) errs.putIfAbsent("listen", errs.remove(alias));
            if (errs.containsKey("disabled")) errs.putIfAbsent("enabled", errs.remove("disabled"));
            return service(c, new FormView(failed.values(), errs, failed.message(), true), p.kind().status);
        }
    }

    private static Outcome security(Call c, FormView form, int status) {
        SecuritySettings s = c.ctx().settings().get(SecuritySettings.SECTION);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("blockIps", Boolean.toString(s.blockIps()));
        v.put("failures", Integer.toString(s.failures()));
        v.put("windowSeconds", Integer.toString(s.windowSeconds()));
        v.put("blockSeconds", Integer.toString(s.blockSeconds()));
        v.put("lockAccounts", Boolean.toString(s.lockAccounts()));
        v.put("accountLockSeconds", Integer.toString(s.accountLockSeconds()));
        v.put("trustedIpGroup", s.trustedIpGroup() == null ? "" : s.trustedIpGroup());
        v.put("storeReversibleSecrets", Boolean.toString(s.storeReversibleSecrets()));
        v.put("allowPlaintextWithoutTls", Boolean.toString(s.allowPlaintextWithoutTls()));
        boolean w = c.principal().canWriteServer();
        var lockout = c.ctx().auth().lockout();
        SecurityPage m = new SecurityPage(form != null ? form : FormView.of(v, w), groupOptions(c, "None"), lockout.blocks(), lockout.accountLocks(), w);
        Frame f = c.frame("Security", "security");
        return Outcome.page(status, out -> JtesecurityGenerated.render(out, null, f, m));
    }

    private static Outcome saveSecurity(Call c) throws Exception {
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        Input in = new Input(f);
        Integer failures = in.integer("failures", 1, 1000);
        Integer window = in.integer("windowSeconds", 1, 86_400);
        Integer block = in.integer("blockSeconds", 1, 7 * 86_400);
        Integer lock = in.integer("accountLockSeconds", 1, 7 * 86_400);
        if (!in.ok()) return security(c, view.failed(in.errors()), 400);
        String trusted = f.get("trustedIpGroup");
        SecuritySettings s = new SecuritySettings(f.checked("blockIps"), failures, window, block, f.checked("lockAccounts"), lock,
                trusted.isEmpty() ? null : trusted, f.checked("storeReversibleSecrets"), f.checked("allowPlaintextWithoutTls"));
        try {
            c.api("PUT", "/api/v1/settings/security", s);
            return c.done("/admin/security", "Security settings saved.");
        } catch (Problem p) {
            return security(c, view.failed(p, SECURITY_FIELDS), p.kind().status);
        }
    }

    private static Outcome server(Call c, FormView form, int status) {
        ServerSettings s = c.ctx().settings().get(ServerSettings.SECTION);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("hostName", s.hostName());
        v.put("language", s.language());
        v.put("timeZone", s.timeZone());
        List<Option> zones = ZoneId.getAvailableZoneIds().stream().sorted().map(Option::of).toList();
        List<Option> languages = ServerSettings.LANGUAGES.stream().sorted()
                .map(l -> new Option(l, Locale.forLanguageTag(l).getDisplayLanguage(Locale.ENGLISH) + " (" + l + ")")).toList();
        List<Field> fields = List.of(
                new Field("hostName", "Host name", "text", "The Internet name of this server (SMTP greeting, certificate name)", null),
                new Field("language", "Language of generated messages", "select", null, languages),
                new Field("timeZone", "Time zone", "select", "Used by time ranges and schedules", zones));
        SimplePage m = new SimplePage("Server identity", null, "/admin/server", form != null ? form : FormView.of(v, c.principal().canWriteServer()), fields, null);
        Frame f = c.frame("Server identity", "server");
        return Outcome.page(status, out -> JtesettingsGenerated.render(out, null, f, m));
    }

    private static Outcome saveServer(Call c) throws Exception {
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        try {
            c.api("PUT", "/api/v1/settings/server", new ServerSettings(f.get("hostName").toLowerCase(Locale.ROOT), f.get("language"), f.get("timeZone")));
            return c.done("/admin/server", "Server identity saved.");
        } catch (Problem p) {
            return server(c, view.failed(p, List.of("hostName", "language", "timeZone")), p.kind().status);
        }
    }

    private static Outcome administration(Call c, FormView form, FormView password, int status) {
        AdminSettings s = c.ctx().settings().get(AdminSettings.SECTION);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("sessionIdleMinutes", Integer.toString(s.sessionIdleMinutes()));
        v.put("sessionMaxMinutes", Integer.toString(s.sessionMaxMinutes()));
        v.put("logoutOnIpChange", Boolean.toString(s.logoutOnIpChange()));
        v.put("maxRequestBytes", Integer.toString(s.maxRequestBytes()));
        List<Field> fields = List.of(
                new Field("sessionIdleMinutes", "Log out after this many idle minutes", "number", "1 to 1440", null),
                new Field("sessionMaxMinutes", "Maximum session length (minutes)", "number", "At least the idle time, at most 10080", null),
                new Field("logoutOnIpChange", "Log out when the client's IP address changes", "check", null, null),
                new Field("maxRequestBytes", "Largest request accepted (bytes)", "number", "4096 to 67108864", null));
        boolean w = c.principal().canWriteServer();
        SimplePage m = new SimplePage("Administration", "Sessions of the console and the REST API. Who may reach the admin port at all is the admin service's IP restriction (Services).",
                "/admin/administration", form != null ? form : FormView.of(v, w), fields, password != null ? password : FormView.of(Map.of(), w));
        Frame f = c.frame("Administration", "administration");
        return Outcome.page(status, out -> JtesettingsGenerated.render(out, null, f, m));
    }

    private static Outcome saveAdministration(Call c) throws Exception {
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        Input in = new Input(f);
        Integer idle = in.integer("sessionIdleMinutes", 1, 24 * 60);
        Integer max = in.integer("sessionMaxMinutes", 1, 7 * 24 * 60);
        Integer bytes = in.integer("maxRequestBytes", 4096, 64 << 20);
        if (!in.ok()) return administration(c, view.failed(in.errors()), null, 400);
        try {
            c.api("PUT", "/api/v1/settings/admin", new AdminSettings(idle, max, f.checked("logoutOnIpChange"), bytes));
            return c.done("/admin/administration", "Administration settings saved.");
        } catch (Problem p) {
            return administration(c, view.failed(p, List.of("sessionIdleMinutes", "sessionMaxMinutes", "logoutOnIpChange", "maxRequestBytes")),
                    null, p.kind().status);
        }
    }
}
