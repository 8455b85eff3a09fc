package org.switchboard.web.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.core.directory.User;
import org.switchboard.core.error.Problem;
import org.switchboard.smtp.sieve.MailRule;
import org.switchboard.smtp.sieve.MailRules;
import org.switchboard.smtp.sieve.RulePhrases;
import org.switchboard.web.api.Access;
import org.switchboard.web.api.RuleRoutes;

/**
 * A user's rules for incoming messages (guide: mail-outlook-support §6): the rule list with
 * removal, a form to add a rule written as phrases ("from contains spam.com", "move Junk"), the
 * out-of-office reply, and the Sieve script itself for experts. Every change is an API call.
 */
final class RulePages {
    static final String RULES_API = "/api/v1/users/{address}/rules";

    record Row(String name, boolean enabled, String when, String then) {}

    record Page(String address, List<Row> rules, FormView add, FormView ooo, FormView sieve) {}

    private RulePages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/users/{address}/rules", Access.ADMIN, c -> page(c, UserPages.user(c), null, null, null, 200)),
                ConsoleRoute.post("/admin/users/{address}/rules/add", Access.ADMIN, RulePages::add),
                ConsoleRoute.post("/admin/users/{address}/rules/remove", Access.ADMIN, RulePages::remove),
                ConsoleRoute.post("/admin/users/{address}/rules/out-of-office", Access.ADMIN, RulePages::outOfOffice),
                ConsoleRoute.post("/admin/users/{address}/rules/sieve", Access.ADMIN, RulePages::sieve));
    }

    private static String base(User u) { return "/api/v1/users/" + Paths.seg(u.address()); }

    private static String here(User u) { return "/admin/users/" + Paths.seg(u.address()) + "/rules"; }

    private static Outcome page(Call c, User u, FormView add, FormView ooo, FormView sieve, int status) throws Exception {
        boolean w = c.principal().canWriteDomain(u.domain());
        MailRules rules = c.read(base(u) + "/rules", MailRules.class);
        List<Row> rows = new ArrayList<>();
        for (MailRule r : rules.rules()) {
            rows.add(new Row(r.name(), r.enabled(), String.join(r.matchAll() ? " and " : " or ", r.conditions().stream().map(RulePhrases::describe).toList()),
                    String.join("; ", r.actions().stream().map(RulePhrases::describe).toList())));
        }
        if (ooo == null) {
            Map<String, String> v = new LinkedHashMap<>();
            if (rules.outOfOffice().enabled()) v.put("enabled", "on");
            v.put("subject", rules.outOfOffice().subject() == null ? "" : rules.outOfOffice().subject());
            v.put("text", rules.outOfOffice().text() == null ? "" : rules.outOfOffice().text());
            ooo = FormView.of(v, w);
        }
        if (sieve == null) sieve = FormView.of(Map.of("script", c.read(base(u) + "/sieve", RuleRoutes.SieveView.class).script()), w);
        Page m = new Page(u.address(), rows, add != null ? add : FormView.of(Map.of(), w), ooo, sieve);
        Frame f = c.frame("Rules of " + u.address(), "users");
        return Outcome.page(status, out -> JterulesGenerated.render(out, null, f, m));
    }

    private static Outcome add(Call c) throws Exception {
        User u = UserPages.user(c);
        FormView view = FormView.of(c.form().echo(), true);
        List<MailRule.Condition> when = new ArrayList<>();
        List<MailRule.Action> then = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        parse(c.form().raw("when"), "when", errors, p -> when.add(RulePhrases.condition(p)));
        parse(c.form().raw("then"), "then", errors, p -> then.add(RulePhrases.action(p)));
        if (!errors.isEmpty()) return page(c, u, view.failed(errors), null, null, 400);
        MailRules current = c.read(base(u) + "/rules", MailRules.class);
        List<MailRule> all = new ArrayList<>(current.rules());
        String name = c.form().get("name");
        all.add(new MailRule(name, true, !c.form().get("any").equals("on"), when, then));
        try {
            c.api("PUT", base(u) + "/rules", new MailRules(all, current.outOfOffice()));
            return c.done(here(u), "Rule \"" + name + "\" added for " + u.address() + ".");
        } catch (Problem p) {
            return page(c, u, view.failed(p, List.of("name", "when", "then")), null, null, p.kind().status);
        }
    }

    private interface PhraseSink { void accept(String phrase); }

    private static void parse(String lines, String field, Map<String, String> errors, PhraseSink sink) {
        for (String line : lines.split("\r?\n")) {
            if (line.isBlank()) continue;
            try {
                sink.accept(line);
            } catch (IllegalArgumentException e) {
                errors.putIfAbsent(field, e.getMessage());
            }
        }
    }

    private static Outcome remove(Call c) throws Exception {
        User u = UserPages.user(c);
        String name = c.form().get("name");
        MailRules current = c.read(base(u) + "/rules", MailRules.class);
        List<MailRule> kept = current.rules().stream().filter(r -> !r.name().equals(name)).toList();
        c.api("PUT", base(u) + "/rules", new MailRules(kept, current.outOfOffice()));
        return c.done(here(u), "Rule \"" + name + "\" removed for " + u.address() + ".");
    }

    private static Outcome outOfOffice(Call c) throws Exception {
        User u = UserPages.user(c);
        FormView view = FormView.of(c.form().echo(), true);
        String subject = c.form().get("subject");
        try {
            c.api("PUT", base(u) + "/out-of-office", new MailRules.OutOfOffice(c.form().get("enabled").equals("on"),
                    subject.isEmpty() ? null : subject, c.form().raw("text").strip()));
            return c.done(here(u), "Out of office of " + u.address() + " saved.");
        } catch (Problem p) {
            return page(c, u, null, view.failed(p, List.of("text")), null, p.kind().status);
        }
    }

    private static Outcome sieve(Call c) throws Exception {
        User u = UserPages.user(c);
        FormView view = FormView.of(c.form().echo(), true);
        try {
            c.api("PUT", base(u) + "/sieve", new RuleRoutes.SieveText(c.form().raw("script")));
            return c.done(here(u), "Sieve script of " + u.address() + " stored and active.");
        } catch (Problem p) {
            return page(c, u, null, null, view.failed(p, List.of("script")), p.kind().status);
        }
    }
}
