package org.switchboard.web.console;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.core.directory.AdminRole;
import org.switchboard.core.directory.Domain;
import org.switchboard.core.directory.Group;
import org.switchboard.core.directory.GroupChange;
import org.switchboard.core.directory.User;
import org.switchboard.core.error.Problem;
import org.switchboard.web.api.Access;

/** Groups: list by domain, create, edit (members, addresses, rights), remove. */
final class GroupPages {
    record Row(String address, String description, List<String> addresses, int members, String role) {}

    record ListPage(String domain, List<Option> domains, List<Row> rows, boolean canCreate) {}

    record EditPage(String address, String domain, boolean isNew, FormView form, List<Option> roles, List<Option> users, String actionError) {}

    static final List<String> FIELDS = List.of("name", "description", "addresses", "members", "role");

    private GroupPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/groups", Access.ADMIN, GroupPages::list),
                ConsoleRoute.get("/admin/groups/new", Access.ADMIN, c -> {
                    String d = writableDomain(c, c.query().get("domain"));
                    return edit(c, null, d, FormView.of(Map.of("role", AdminRole.NONE.name()), true), null, 200);
                }),
                ConsoleRoute.post("/admin/groups/new", Access.ADMIN, GroupPages::create),
                ConsoleRoute.get("/admin/groups/{address}", Access.ADMIN, c -> {
                    Group g = group(c);
                    return edit(c, g, g.domain(), null, null, 200);
                }),
                ConsoleRoute.post("/admin/groups/{address}", Access.ADMIN, GroupPages::save),
                ConsoleRoute.post("/admin/groups/{address}/remove", Access.ADMIN, c -> {
                    Group g = group(c);
                    try {
                        c.api("DELETE", "/api/v1/groups/" + Paths.seg(g.address()), null);
                        return c.done("/admin/groups?domain=" + Paths.q(g.domain()), "Group " + g.address() + " removed.");
                    } catch (Problem p) {
                        return edit(c, g, g.domain(), null, p.getMessage(), p.kind().status);
                    }
                }));
    }

    static Group group(Call c) {
        Group g = c.ctx().directory().requireGroup(c.param("address"));
        if (!c.principal().canReadDomain(g.domain())) throw Problem.forbidden("you have no rights to view the domain " + g.domain());
        return g;
    }

    private static String writableDomain(Call c, String wanted) {
        List<Option> writable = UserPages.domains(c, true);
        if (writable.isEmpty()) throw Problem.forbidden("you have no rights to create groups in any domain");
        if (!wanted.isEmpty()) {
            Domain d = c.ctx().directory().requireDomain(wanted);
            if (c.principal().canWriteDomain(d.name())) return d.name();
        }
        return writable.get(0).value();
    }

    private static Outcome list(Call c) {
        String domain = UserPages.listDomain(c);
        var dir = c.ctx().directory();
        List<Row> rows = domain == null ? List.of() : dir.groups(domain).stream()
                .map(g -> new Row(g.address(), g.description(), g.addresses(), g.members().size(), Call.roleTitle(g.role()))).toList();
        ListPage m = new ListPage(domain, UserPages.domains(c, false), rows, domain != null && c.principal().canWriteDomain(domain));
        Frame f = c.frame("Groups", "groups");
        return Outcome.page(out -> JtegroupsGenerated.render(out, null, f, m));
    }

    private static Map<String, String> values(Call c, Group g) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("description", g.description());
        v.put("addresses", String.join("\n", g.addresses()));
        v.put("role", g.role().name());
        v.put("members", String.join("\n", g.members().stream()
                .map(id -> c.ctx().directory().userById(id).map(User::address).orElse(id)).toList()));
        return v;
    }

    private static Map<String, Object> body(Form f, Input in) {
        AdminRole role = null;
        try {
            role = AdminRole.valueOf(f.get("role"));
        } catch (IllegalArgumentException e) {
            in.error("role", "choose one of the listed rights");
        }
        Map<String, Object> b = new HashMap<>();
        b.put("description", f.get("description"));
        b.put("addresses", f.lines("addresses", true));
        b.put("members", f.all("members"));
        b.put("role", role);
        return b;
    }

    private static Outcome create(Call c) throws Exception {
        Form f = c.form();
        String domain = c.ctx().directory().requireDomain(f.get("domain")).name();
        FormView view = FormView.of(f.echo(), true);
        Input in = new Input(f);
        Map<String, Object> b = body(f, in);
        if (f.get("name").isEmpty()) in.error("name", "a group name is required");
        if (!in.ok()) return edit(c, null, domain, view.failed(in.errors()), null, 400);
        b.put("address", f.get("name") + "@" + domain);
        try {
            var r = c.apiJson("POST", "/api/v1/groups", b);
            return c.done("/admin/groups/" + Paths.seg(r.get("address").asText()), "Group " + r.get("address").asText() + " created.");
        } catch (Problem p) {
            FormView failed = view.failed(p, List.of("name", "address", "description", "addresses", "members", "role"));
            return edit(c, null, domain, failed, null, p.kind().status);
        }
    }

    private static Outcome save(Call c) throws Exception {
        Group g = group(c);
        Form f = c.form();
        FormView view = FormView.of(f.echo(), c.principal().canWriteDomain(g.domain()));
        Input in = new Input(f);
        Map<String, Object> b = body(f, in);
        if (!in.ok()) return edit(c, g, g.domain(), view.failed(in.errors()), null, 400);
        GroupChange change = new GroupChange((String) b.get("description"), f.lines("addresses", true), f.all("members"), (AdminRole) b.get("role"));
        try {
            c.api("PATCH", "/api/v1/groups/" + Paths.seg(g.address()), change);
            return c.done("/admin/groups/" + Paths.seg(g.address()), "Group " + g.address() + " saved.");
        } catch (Problem p) {
            return edit(c, g, g.domain(), view.failed(p, FIELDS), null, p.kind().status);
        }
    }

    private static Outcome edit(Call c, Group g, String domain, FormView form, String actionError, int status) {
        boolean w = c.principal().canWriteDomain(domain);
        FormView fv = form != null ? form : FormView.of(values(c, g), w);
        if (fv.errors().containsKey("address")) {
            Map<String, String> e = new LinkedHashMap<>(fv.errors());
            e.put("name", e.remove("address"));
            fv = new FormView(fv.values(), e, fv.message(), fv.writable());
        }
        List<Option> roles = Arrays.stream(AdminRole.values()).filter(r -> r.ordinal() <= c.principal().role().ordinal())
                .map(r -> new Option(r.name(), Call.roleTitle(r))).toList();
        List<Option> users = c.ctx().directory().users(domain).stream()
                .map(u -> new Option(u.address(), u.fullName().isEmpty() ? u.address() : u.fullName() + " <" + u.address() + ">")).toList();
        EditPage m = new EditPage(g == null ? null : g.address(), domain, g == null, fv, roles, users, actionError);
        Frame f = c.frame(g == null ? "New group" : "Group " + g.address(), "groups");
        return Outcome.page(status, out -> JtegroupGenerated.render(out, null, f, m));
    }
}
