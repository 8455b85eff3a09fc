package org.switchboard.web.console;

import java.util.List;
import java.util.Map;
import org.switchboard.core.directory.Alias;
import org.switchboard.core.directory.Resolution;
import org.switchboard.core.error.Problem;
import org.switchboard.web.api.Access;

/** Aliases of a domain: list, add, remove, and the live "check address". */
final class AliasPages {
    record Row(String id, String alias, String target, String description) {}

    record ListPage(String domain, List<Option> domains, List<Row> rows, boolean writable, FormView add, Check check) {}

    /** The answer to "where does this address end up?"; {@code error} when the address itself is unusable. */
    record Check(String address, List<String> targets, List<String> steps, boolean deliverable, boolean loop, String error) {}

    private AliasPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/aliases", Access.ADMIN, c -> list(c, null, 200)),
                ConsoleRoute.post("/admin/aliases", Access.ADMIN, AliasPages::add),
                ConsoleRoute.post("/admin/aliases/{id}/remove", Access.ADMIN, c -> {
                    Alias a = c.ctx().directory().alias(c.param("id")).orElseThrow(() -> Problem.notFound("alias " + c.param("id")));
                    if (!c.principal().canReadDomain(a.domain())) throw Problem.forbidden("you have no rights to view the domain " + a.domain());
                    c.api("DELETE", "/api/v1/aliases/" + Paths.seg(a.id()), null);
                    return c.done("/admin/aliases?domain=" + Paths.q(a.domain()), "Alias " + a.pattern() + "@" + a.domain() + " removed.");
                }),
                ConsoleRoute.get("/admin/aliases/check", Access.ADMIN, c -> {
                    Check check = check(c, c.query().get("address"));
                    if (c.htmx()) return Outcome.page(out -> JtecheckresultGenerated.render(out, null, check));
                    return list(c, null, 200, check);
                }));
    }

    static Check check(Call c, String address) {
        if (address.isEmpty()) return null;
        try {
            Resolution res = c.ctx().directory().checkAddress(address);
            List<String> targets = res.targets().stream().map(t -> switch (t) {
                case Resolution.Mailbox m -> "mailbox of " + m.address() + (m.enabled() ? "" : " (account disabled)");
                case Resolution.PublicFolder p -> "public folder " + p.path();
                case Resolution.External e -> "external address " + e.address() + " (sent out)";
                case Resolution.Unknown u -> "nobody: " + u.address() + " is refused";
            }).toList();
            return new Check(address, targets, res.steps(), res.deliverable(), res.loop(), null);
        } catch (Problem p) {
            return new Check(address, List.of(), List.of(), false, false, p.getMessage());
        }
    }

    private static Outcome list(Call c, FormView add, int status) throws Exception {
        return list(c, add, status, null);
    }

    private static Outcome list(Call c, FormView add, int status, Check check) {
        String domain = UserPages.listDomain(c);
        if (add != null && !add.v("domain").isEmpty()) domain = add.v("domain");
        String d = domain;
        List<Row> rows = d == null ? List.of() : c.ctx().directory().aliases(d).stream()
                .map(a -> new Row(a.id(), a.pattern() + "@" + a.domain(), a.target(), a.description())).toList();
        boolean w = d != null && c.principal().canWriteDomain(d);
        ListPage m = new ListPage(d, UserPages.domains(c, false), rows, w, add != null ? add : FormView.of(Map.of(), w), check);
        Frame f = c.frame("Aliases", "aliases");
        return Outcome.page(status, out -> JtealiasesGenerated.render(out, null, f, m));
    }

    private static Outcome add(Call c) throws Exception {
        Form f = c.form();
        String domain = c.ctx().directory().requireDomain(f.get("domain")).name();
        FormView view = FormView.of(f.echo(), true);
        if (f.get("pattern").isEmpty()) return list(c, view.failed(Map.of("pattern", "an alias is required")), 400);
        try {
            c.api("POST", "/api/v1/aliases", Map.of("pattern", f.get("pattern") + "@" + domain, "target", f.get("target"),
                    "description", f.get("description")));
            return c.done("/admin/aliases?domain=" + Paths.q(domain), "Alias " + f.get("pattern") + "@" + domain + " → " + f.get("target") + " added.");
        } catch (Problem p) {
            return list(c, view.failed(p, List.of("pattern", "target", "description")), p.kind().status);
        }
    }
}
