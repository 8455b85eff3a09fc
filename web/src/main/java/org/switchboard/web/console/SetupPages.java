package org.switchboard.web.console;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.switchboard.core.directory.Names;
import org.switchboard.core.error.Problem;
import org.switchboard.core.settings.ServerSettings;
import org.switchboard.web.api.Access;

/**
 * The first-run wizard, offered while no domain exists: host name, primary domain, the
 * built-in administrator's password, time zone and language. Everything is checked before
 * anything is saved; then the saves run through the API routes, the one most likely to be
 * refused (the domain) first.
 */
final class SetupPages {
    record Wizard(FormView form, List<Option> zones, List<Option> languages, boolean builtinAdmin) {}

    static final List<String> FIELDS = List.of("hostName", "domain", "password", "password2", "timeZone", "language");

    private SetupPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/setup", Access.SERVER_WRITE, c -> {
                    if (!c.ctx().directory().domains().isEmpty()) return new Outcome.Redirect("/admin");
                    ServerSettings s = c.ctx().settings().get(ServerSettings.SECTION);
                    Map<String, String> v = new LinkedHashMap<>();
                    v.put("hostName", s.hostName());
                    v.put("timeZone", s.timeZone());
                    v.put("language", s.language());
                    return page(c, FormView.of(v, true), 200);
                }),
                ConsoleRoute.post("/admin/setup", Access.SERVER_WRITE, SetupPages::save));
    }

    private static Outcome save(Call c) throws Exception {
        if (!c.ctx().directory().domains().isEmpty()) {
            return c.done("/admin", "The server was already set up; nothing was changed by the wizard.");
        }
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        ServerSettings server = new ServerSettings(f.get("hostName").toLowerCase(Locale.ROOT), f.get("language"), f.get("timeZone"));
        Input in = new Input(f);
        try {
            ServerSettings.SECTION.validator().accept(server);
        } catch (IllegalArgumentException e) {
            view = view.failed(Problem.invalid("server", e.getMessage()), FIELDS);
        }
        try {
            Names.domain("domain", f.get("domain"));
        } catch (Problem p) {
            view = view.failed(p, FIELDS);
        }
        String password = f.raw("password");
        if (!password.isEmpty() && password.length() < 8) in.error("password", "must be at least 8 characters");
        if (!password.equals(f.raw("password2"))) in.error("password2", "the two passwords differ");
        if (!in.ok()) view = view.failed(in.errors());
        if (view.hasErrors()) return page(c, view, 400);
        try {
            c.api("POST", "/api/v1/domains", Map.of("name", f.get("domain")));
        } catch (Problem p) {
            return page(c, view.failed(p, List.of("domain", "name")), p.kind().status);
        }
        c.api("PUT", "/api/v1/settings/server", server);
        if (password.isEmpty()) return c.done("/admin", "The server is set up. Next: add users.");
        c.api("POST", "/api/v1/security/admin-password", Map.of("password", password));
        // Setting the built-in administrator's password ends that account's sessions, this one included.
        if (c.principal().isBuiltinAdmin()) return new Outcome.Redirect("/admin/login?reason=setup");
        return c.done("/admin", "The server is set up and the built-in administrator has a new password.");
    }

    private static Outcome page(Call c, FormView form, int status) {
        if (form.errors().containsKey("name")) {
            Map<String, String> e = new LinkedHashMap<>(form.errors());
            e.put("domain", e.remove("name"));
            form = new FormView(form.values(), e, form.message(), form.writable());
        }
        List<Option> zones = ZoneId.getAvailableZoneIds().stream().sorted().map(Option::of).toList();
        List<Option> languages = ServerSettings.LANGUAGES.stream().sorted()
                .map(l -> new Option(l, Locale.forLanguageTag(l).getDisplayLanguage(Locale.ENGLISH) + " (" + l + ")")).toList();
        Wizard w = new Wizard(form, zones, languages, c.principal().isBuiltinAdmin());
        Frame f = c.frame("Set up Switchboard", "dashboard");
        return Outcome.page(status, out -> JtesetupGenerated.render(out, null, f, w));
    }
}
