package org.switchboard.web.console;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.core.auth.PasswordPolicy;
import org.switchboard.core.directory.Domain;
import org.switchboard.core.directory.DomainChange;
import org.switchboard.core.directory.Quota;
import org.switchboard.core.error.Problem;
import org.switchboard.web.api.Access;

/** Domains: list and add; one domain's settings, aliases, rename, primary and removal. */
final class DomainPages {
    record Row(String name, String description, boolean primary, List<String> aliases, int users) {}

    record ListPage(List<Row> rows, FormView add) {}

    record DomainPage(Row domain, FormView settings, FormView alias, FormView rename, String actionError, boolean writable) {}

    static final List<String> SETTINGS = List.of("description", "maxConcurrentUsers", "passwordPolicy.complexity",
            "passwordPolicy.minLength", "passwordPolicy.expiryDays", "defaultQuota.storageMb", "defaultQuota.messages",
            "defaultQuota.warningPercent");

    private DomainPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/domains", Access.ADMIN, c -> list(c, FormView.of(Map.of(), c.principal().canWriteServer()), 200)),
                ConsoleRoute.post("/admin/domains", Access.ADMIN, DomainPages::add),
                ConsoleRoute.get("/admin/domains/{domain}", Access.ADMIN, c -> page(c, null, null, null, null, 200)),
                ConsoleRoute.post("/admin/domains/{domain}", Access.ADMIN, DomainPages::save),
                ConsoleRoute.post("/admin/domains/{domain}/aliases", Access.ADMIN, c -> {
                    String name = domain(c).name();
                    try {
                        c.api("POST", "/api/v1/domains/" + Paths.seg(name) + "/aliases", Map.of("alias", c.form().get("alias")));
                        return c.done("/admin/domains/" + Paths.seg(name), "Domain alias " + c.form().get("alias") + " added.");
                    } catch (Problem p) {
                        return page(c, null, FormView.of(c.form().echo(), true).failed(p, List.of("alias")), null, null, p.kind().status);
                    }
                }),
                ConsoleRoute.post("/admin/domains/{domain}/aliases/{alias}/remove", Access.ADMIN, c -> {
                    String name = domain(c).name();
                    return action(c, () -> c.api("DELETE", "/api/v1/domains/" + Paths.seg(name) + "/aliases/" + Paths.seg(c.param("alias")), null),
                            "/admin/domains/" + Paths.seg(name), "Domain alias " + c.param("alias") + " removed.");
                }),
                ConsoleRoute.post("/admin/domains/{domain}/rename", Access.ADMIN, c -> {
                    String name = domain(c).name();
                    try {
                        var r = c.apiJson("POST", "/api/v1/domains/" + Paths.seg(name) + "/rename", Map.of("newName", c.form().get("newName")));
                        String now = r.get("name").asText();
                        return c.done("/admin/domains/" + Paths.seg(now), "Domain " + name + " renamed to " + now + "; the old name stays as a domain alias.");
                    } catch (Problem p) {
                        return page(c, null, null, FormView.of(c.form().echo(), true).failed(p, List.of("newName")), null, p.kind().status);
                    }
                }),
                ConsoleRoute.post("/admin/domains/{domain}/primary", Access.ADMIN, c -> {
                    String name = domain(c).name();
                    return action(c, () -> c.api("POST", "/api/v1/domains/" + Paths.seg(name) + "/primary", null),
                            "/admin/domains/" + Paths.seg(name), name + " is now the primary domain.");
                }),
                ConsoleRoute.post("/admin/domains/{domain}/remove", Access.ADMIN, c -> {
                    String name = domain(c).name();
                    return action(c, () -> c.api("DELETE", "/api/v1/domains/" + Paths.seg(name), null), "/admin/domains", "Domain " + name + " removed.");
                }));
    }

    /** A one-button change on the domain page: on refusal the page shows why. */
    private static Outcome action(Call c, Change change, String to, String notice) throws Exception {
        try {
            change.run();
            return c.done(to, notice);
        } catch (Problem p) {
            if (p.kind() == Problem.Kind.NOT_FOUND && to.equals("/admin/domains")) throw p;
            return page(c, null, null, null, p.getMessage(), p.kind().status);
        }
    }

    @FunctionalInterface
    interface Change { void run() throws Exception; }

    static Domain domain(Call c) {
        Domain d = c.ctx().directory().requireDomain(c.param("domain"));
        if (!c.principal().canReadDomain(d.name())) throw Problem.forbidden("you have no rights to view the domain " + d.name());
        return d;
    }

    private static Row row(Call c, Domain d) {
        return new Row(d.name(), d.description(), d.primary(), d.aliases(), c.ctx().directory().users(d.name()).size());
    }

    private static Outcome list(Call c, FormView add, int status) {
        List<Row> rows = c.ctx().directory().domains().stream().filter(d -> c.principal().canReadDomain(d.name())).map(d -> row(c, d)).toList();
        Frame f = c.frame("Domains", "domains");
        ListPage m = new ListPage(rows, add);
        return Outcome.page(status, out -> JtedomainsGenerated.render(out, null, f, m));
    }

    private static Outcome add(Call c) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("name", c.form().get("name"));
        body.put("description", c.form().get("description"));
        try {
            var r = c.apiJson("POST", "/api/v1/domains", body);
            return c.done("/admin/domains/" + Paths.seg(r.get("name").asText()), "Domain " + r.get("name").asText() + " created.");
        } catch (Problem p) {
            return list(c, FormView.of(c.form().echo(), true).failed(p, List.of("name", "description")), p.kind().status);
        }
    }

    static Map<String, String> values(Domain d) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("description", d.description());
        v.put("maxConcurrentUsers", Integer.toString(d.maxConcurrentUsers()));
        v.put("passwordPolicy.complexity", Boolean.toString(d.passwordPolicy().complexity()));
        v.put("passwordPolicy.minLength", Integer.toString(d.passwordPolicy().minLength()));
        v.put("passwordPolicy.expiryDays", Integer.toString(d.passwordPolicy().expiryDays()));
        v.put("defaultQuota.storageMb", Long.toString(d.defaultQuota().storageBytes() >> 20));
        v.put("defaultQuota.messages", Long.toString(d.defaultQuota().messages()));
        v.put("defaultQuota.warningPercent", Integer.toString(d.defaultQuota().warningPercent()));
        return v;
    }

    private static Outcome save(Call c) throws Exception {
        Domain d = domain(c);
        Form f = c.form();
        FormView view = FormView.of(f.echo(), c.principal().canWriteServer());
        Input in = new Input(f);
        Integer max = in.integer("maxConcurrentUsers", 0, 1_000_000);
        Integer minLength = in.integer("passwordPolicy.minLength", 1, 128);
        Integer expiry = in.integer("passwordPolicy.expiryDays", 0, 36_500);
        Long storage = in.mebibytes("defaultQuota.storageMb");
        Long messages = in.count("defaultQuota.messages");
        Integer warning = in.integer("defaultQuota.warningPercent", 1, 100);
        if (!in.ok()) return page(c, view.failed(in.errors()), null, null, null, 400);
        DomainChange change = new DomainChange(f.get("description"), max,
                new PasswordPolicy(f.checked("passwordPolicy.complexity"), minLength, expiry), new Quota(storage, messages, warning), null);
        try {
            c.api("PATCH", "/api/v1/domains/" + Paths.seg(d.name()), change);
            return c.done("/admin/domains/" + Paths.seg(d.name()), "Domain " + d.name() + " saved.");
        } catch (Problem p) {
            return page(c, view.failed(p, SETTINGS), null, null, null, p.kind().status);
        }
    }

    private static Outcome page(Call c, FormView settings, FormView alias, FormView rename, String actionError, int status) {
        Domain d = domain(c);
        boolean w = c.principal().canWriteServer();
        DomainPage m = new DomainPage(row(c, d),
                settings != null ? settings : FormView.of(values(d), w),
                alias != null ? alias : FormView.of(Map.of(), w),
                rename != null ? rename : FormView.of(Map.of(), w), actionError, w);
        Frame f = c.frame("Domain " + d.name(), "domains");
        return Outcome.page(status, out -> JtedomainGenerated.render(out, null, f, m));
    }
}
