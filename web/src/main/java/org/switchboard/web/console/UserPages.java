package org.switchboard.web.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.core.auth.AccessPolicy;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.directory.AdminRole;
import org.switchboard.core.directory.Domain;
import org.switchboard.core.directory.Group;
import org.switchboard.core.directory.Quota;
import org.switchboard.core.directory.User;
import org.switchboard.core.directory.UserChange;
import org.switchboard.core.error.Problem;
import org.switchboard.web.api.Access;
import org.switchboard.web.api.PbxRoutes;

/**
 * Users: list by domain, create, edit (rights, policy, quota, addresses, groups), password, remove.
 * An existing user's page also shows the mailbox ({@link MailPages}) and the phone extensions.
 */
final class UserPages {
    record Row(String address, String fullName, boolean enabled, String role, String quota, List<String> groups) {}

    record ListPage(String domain, List<Option> domains, List<Row> rows, boolean canCreate) {}

    /**
     * A user's page. {@code mailbox} is null for a new user or without a mail store; {@code phones}
     * says whether the exchange is wired in (then {@code extensions} are the user's extensions).
     */
    record EditPage(String address, String domain, boolean isNew, List<Option> domains, FormView form, FormView password,
                    List<Option> roles, List<Option> policies, List<Option> groups, MailPages.Mailbox mailbox, boolean phones,
                    List<PbxRoutes.ExtensionView> extensions, boolean canAddExtension, String actionError) {}

    static final List<String> FIELDS = List.of("name", "domain", "password", "password2", "fullName", "description", "addresses", "enabled",
            "role", "archiveAccess", "accessPolicy", "quota.storageMb", "quota.messages", "quota.warningPercent", "groups");

    private UserPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/users", Access.ADMIN, UserPages::list),
                ConsoleRoute.get("/admin/users/new", Access.ADMIN, c -> {
                    Domain d = newDomain(c);
                    Map<String, String> v = new LinkedHashMap<>();
                    v.put("domain", d.name());
                    v.put("enabled", "on");
                    v.put("role", AdminRole.NONE.name());
                    v.put("accessPolicy", "Default");
                    v.put("quota.storageMb", Long.toString(d.defaultQuota().storageBytes() >> 20));
                    v.put("quota.messages", Long.toString(d.defaultQuota().messages()));
                    v.put("quota.warningPercent", Integer.toString(d.defaultQuota().warningPercent()));
                    return edit(c, null, d.name(), FormView.of(v, c.principal().canWriteDomain(d.name())), null, null, 200);
                }),
                ConsoleRoute.post("/admin/users/new", Access.ADMIN, UserPages::create),
                ConsoleRoute.get("/admin/users/{address}", Access.ADMIN, c -> {
                    User u = user(c);
                    return edit(c, u, u.domain(), null, null, null, 200);
                }),
                ConsoleRoute.post("/admin/users/{address}", Access.ADMIN, UserPages::save),
                ConsoleRoute.post("/admin/users/{address}/password", Access.ADMIN, c -> {
                    User u = user(c);
                    FormView pv = FormView.of(Map.of(), true);
                    String pw = c.form().raw("password");
                    if (!pw.equals(c.form().raw("password2"))) {
                        return edit(c, u, u.domain(), null, pv.failed(Map.of("password2", "the two passwords differ")), null, 400);
                    }
                    try {
                        c.api("POST", "/api/v1/users/" + Paths.seg(u.address()) + "/password", Map.of("password", pw));
                        return c.done("/admin/users/" + Paths.seg(u.address()), "Password of " + u.address() + " set.");
                    } catch (Problem p) {
                        return edit(c, u, u.domain(), null, pv.failed(p, List.of("password")), null, p.kind().status);
                    }
                }),
                ConsoleRoute.post("/admin/users/{address}/remove", Access.ADMIN, c -> {
                    User u = user(c);
                    try {
                        c.api("DELETE", "/api/v1/users/" + Paths.seg(u.address()), null);
                        return c.done("/admin/users?domain=" + Paths.q(u.domain()), "User " + u.address() + " removed.");
                    } catch (Problem p) {
                        return edit(c, u, u.domain(), null, null, p.getMessage(), p.kind().status);
                    }
                }));
    }

    static User user(Call c) {
        User u = c.ctx().directory().requireUser(c.param("address"));
        if (!c.principal().canReadDomain(u.domain())) throw Problem.forbidden("you have no rights to view the domain " + u.domain());
        return u;
    }

    /** Domains this admin can see, the one in ?domain= first chosen. */
    static List<Option> domains(Call c, boolean writableOnly) {
        Principal p = c.principal();
        return c.ctx().directory().domains().stream()
                .filter(d -> writableOnly ? p.canWriteDomain(d.name()) : p.canReadDomain(d.name()))
                .map(d -> Option.of(d.name())).toList();
    }

    /** The domain a list is filtered to: ?domain=, else the admin's own, else the primary (if visible). */
    static String listDomain(Call c) {
        String q = c.query().get("domain");
        List<Option> visible = domains(c, false);
        if (!q.isEmpty()) {
            Domain d = c.ctx().directory().requireDomain(q);
            if (!c.principal().canReadDomain(d.name())) throw Problem.forbidden("you have no rights to view the domain " + d.name());
            return d.name();
        }
        if (c.principal().domain() != null && visible.stream().anyMatch(o -> o.value().equals(c.principal().domain()))) return c.principal().domain();
        return c.ctx().directory().primaryDomain().map(Domain::name).filter(n -> visible.stream().anyMatch(o -> o.value().equals(n)))
                .orElse(visible.isEmpty() ? null : visible.get(0).value());
    }

    private static Domain newDomain(Call c) {
        String chosen = c.query().has("domain") ? c.query().get("domain") : c.form().get("domain");
        List<Option> writable = domains(c, true);
        if (writable.isEmpty()) throw Problem.forbidden("you have no rights to create users in any domain");
        String name = chosen.isEmpty() ? listDomain(c) : chosen;
        Domain d = c.ctx().directory().requireDomain(name == null ? writable.get(0).value() : name);
        if (!c.principal().canWriteDomain(d.name())) d = c.ctx().directory().requireDomain(writable.get(0).value());
        return d;
    }

    private static Outcome list(Call c) {
        String domain = listDomain(c);
        List<Row> rows = domain == null ? List.of() : c.ctx().directory().users(domain).stream().map(u -> new Row(u.address(), u.fullName(), u.enabled(),
                Call.roleTitle(c.ctx().directory().effectiveRole(u)), quota(u.quota()),
                c.ctx().directory().groupsOf(u).stream().map(Group::name).sorted().toList())).toList();
        ListPage m = new ListPage(domain, domains(c, false), rows, !domains(c, true).isEmpty());
        Frame f = c.frame("Users", "users");
        return Outcome.page(out -> JteusersGenerated.render(out, null, f, m));
    }

    static String quota(Quota q) {
        String s = q.storageBytes() == 0 ? "unlimited" : StatusPages.bytes(q.storageBytes());
        return q.messages() == 0 ? s : s + ", " + q.messages() + " messages";
    }

    static Map<String, String> values(Call c, User u) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("fullName", u.fullName());
        v.put("description", u.description());
        v.put("addresses", String.join("\n", u.addresses()));
        v.put("enabled", Boolean.toString(u.enabled()));
        v.put("role", u.role().name());
        v.put("archiveAccess", Boolean.toString(u.archiveAccess()));
        v.put("accessPolicy", u.accessPolicy());
        v.put("quota.storageMb", Long.toString(u.quota().storageBytes() >> 20));
        v.put("quota.messages", Long.toString(u.quota().messages()));
        v.put("quota.warningPercent", Integer.toString(u.quota().warningPercent()));
        v.put("groups", String.join("\n", c.ctx().directory().groupsOf(u).stream().map(Group::name).toList()));
        return v;
    }

    /** The fields both create and edit send; null when a field is wrong (the errors are in {@code in}). */
    private static Map<String, Object> common(Form f, Input in) {
        Long storage = in.mebibytes("quota.storageMb");
        Long messages = in.count("quota.messages");
        Integer warning = in.integer("quota.warningPercent", 1, 100);
        AdminRole role = null;
        try {
            role = AdminRole.valueOf(f.get("role"));
        } catch (IllegalArgumentException e) {
            in.error("role", "choose one of the listed rights");
        }
        if (!in.ok()) return null;
        Map<String, Object> body = new HashMap<>();
        body.put("fullName", f.get("fullName"));
        body.put("description", f.get("description"));
        body.put("addresses", f.lines("addresses", true));
        body.put("enabled", f.checked("enabled"));
        body.put("role", role);
        body.put("accessPolicy", f.get("accessPolicy"));
        body.put("quota", new Quota(storage, messages, warning));
        body.put("groups", f.all("groups"));
        return body;
    }

    private static Outcome create(Call c) throws Exception {
        Form f = c.form();
        Domain d = c.ctx().directory().requireDomain(f.get("domain"));
        FormView view = FormView.of(f.echo(), true);
        Input in = new Input(f);
        Map<String, Object> body = common(f, in);
        if (f.get("name").isEmpty()) in.error("name", "a user name is required");
        if (!f.raw("password").equals(f.raw("password2"))) in.error("password2", "the two passwords differ");
        if (!in.ok()) return edit(c, null, d.name(), view.failed(in.errors()), null, null, 400);
        body.put("address", f.get("name") + "@" + d.name());
        body.put("password", f.raw("password"));
        try {
            var r = c.apiJson("POST", "/api/v1/users", body);
            String address = r.get("address").asText();
            return c.done("/admin/users/" + Paths.seg(address), "User " + address + " created.");
        } catch (Problem p) {
            return edit(c, null, d.name(), view.failed(p, rename(FIELDS)), null, null, p.kind().status);
        }
    }

    private static Outcome save(Call c) throws Exception {
        User u = user(c);
        Form f = c.form();
        FormView view = FormView.of(f.echo(), c.principal().canWriteDomain(u.domain()));
        Input in = new Input(f);
        Map<String, Object> body = common(f, in);
        if (!in.ok()) return edit(c, u, u.domain(), view.failed(in.errors()), null, null, 400);
        UserChange change = new UserChange((String) body.get("fullName"), (String) body.get("description"),
                f.lines("addresses", true), f.checked("enabled"), (AdminRole) body.get("role"), f.get("accessPolicy"),
                (Quota) body.get("quota"), f.all("groups"),
                // Only a whole-server administrator may change the archive right; others leave it as it is.
                c.principal().canWriteServer() ? f.checked("archiveAccess") : null);
        try {
            c.api("PATCH", "/api/v1/users/" + Paths.seg(u.address()), change);
            return c.done("/admin/users/" + Paths.seg(u.address()), "User " + u.address() + " saved.");
        } catch (Problem p) {
            return edit(c, u, u.domain(), view.failed(p, rename(FIELDS)), null, null, p.kind().status);
        }
    }

    /** The service reports the new user's name as "address"; this form calls it "name". */
    private static List<String> rename(List<String> fields) {
        List<String> out = new ArrayList<>(fields);
        out.add("address");
        return out;
    }

    /** An existing user's page with the deleted-items recovery form as given (after a refusal). */
    static Outcome page(Call c, User u, FormView recover, int status) throws Exception {
        return edit(c, u, u.domain(), null, null, recover, null, status);
    }

    private static Outcome edit(Call c, User u, String domain, FormView form, FormView password, String actionError, int status)
            throws Exception {
        return edit(c, u, domain, form, password, null, actionError, status);
    }

    private static Outcome edit(Call c, User u, String domain, FormView form, FormView password, FormView recover, String actionError,
                                int status) throws Exception {
        boolean w = c.principal().canWriteDomain(domain);
        FormView fv = form != null ? form : FormView.of(values(c, u), w);
        if (fv.errors().containsKey("address")) {
            Map<String, String> e = new LinkedHashMap<>(fv.errors());
            e.put("name", e.remove("address"));
            fv = new FormView(fv.values(), e, fv.message(), fv.writable());
        }
        List<Option> roles = Arrays.stream(AdminRole.values()).filter(r -> r.ordinal() <= c.principal().role().ordinal())
                .map(r -> new Option(r.name(), Call.roleTitle(r))).toList();
        List<Option> policies = c.ctx().policies().list().stream().map(AccessPolicy::name).map(Option::of).toList();
        List<Option> groups = c.ctx().directory().groups(domain).stream().map(g -> new Option(g.name(), g.address())).toList();
        boolean phones = u != null && c.offers(TelephonyPages.EXTENSIONS_API);
        EditPage m = new EditPage(u == null ? null : u.address(), domain, u == null, domains(c, true), fv,
                password != null ? password : FormView.of(Map.of(), w), roles, policies, groups,
                u == null ? null : MailPages.mailbox(c, u, recover), phones,
                phones ? TelephonyPages.ofUser(c, u.address()) : List.of(), w, actionError);
        Frame f = c.frame(u == null ? "New user" : "User " + u.address(), "users");
        return Outcome.page(status, out -> JteuserGenerated.render(out, null, f, m));
    }
}
