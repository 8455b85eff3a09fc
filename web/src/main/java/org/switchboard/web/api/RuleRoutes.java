package org.switchboard.web.api;

import java.util.List;
import org.switchboard.core.ConfigLog;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.User;
import org.switchboard.core.error.Problem;
import org.switchboard.smtp.sieve.MailRules;
import org.switchboard.smtp.sieve.SieveScripts;
import org.switchboard.smtp.sieve.UserRules;

/**
 * A user's rules for incoming messages (guide: mail-outlook-support §6) over the API: the rule
 * list, the built-in out-of-office rule, and the Sieve script they compile to, which an expert
 * may also replace by hand. A domain administrator manages the users of their own domain.
 */
public final class RuleRoutes {
    /** The active script's text (empty when none) and every script the user has (ManageSieve's too). */
    public record SieveView(String active, String script, List<SieveScripts.Script> scripts) {}

    public record SieveText(String script) {}

    private RuleRoutes() {}

    public static List<Route> routes(Directory d, UserRules rules) {
        return List.of(
                Route.get("/api/v1/users/{address}/rules").doc("rules", "A user's rules for incoming messages and out-of-office")
                        .returns(MailRules.class).to(ex -> Reply.json(rules.rules(user(ex, d, false).id()))),
                Route.put("/api/v1/users/{address}/rules")
                        .doc("rules", "Replace a user's rules (tested top-down) and out-of-office; they are stored as Sieve and activated")
                        .body(MailRules.class).returns(MailRules.class).to(ex -> {
                            User u = user(ex, d, true);
                            MailRules body = ex.json(MailRules.class);
                            MailRules wanted = body == null ? MailRules.NONE : body;
                            store(rules, u, wanted);
                            ConfigLog.action(ex.actor(), "rules of " + u.address() + " set: " + wanted.rules().size() + " rule(s), out of office "
                                    + (wanted.outOfOffice().enabled() ? "on" : "off"));
                            return Reply.json(rules.rules(u.id()));
                        }),
                Route.get("/api/v1/users/{address}/out-of-office").doc("rules", "A user's out-of-office reply")
                        .returns(MailRules.OutOfOffice.class).to(ex -> Reply.json(rules.rules(user(ex, d, false).id()).outOfOffice())),
                Route.put("/api/v1/users/{address}/out-of-office")
                        .doc("rules", "Turn a user's out-of-office reply on or off: enabled, subject, text (once per sender per 7 days)")
                        .body(MailRules.OutOfOffice.class).returns(MailRules.OutOfOffice.class).to(ex -> {
                            User u = user(ex, d, true);
                            MailRules.OutOfOffice ooo = ex.json(MailRules.OutOfOffice.class);
                            if (ooo == null) throw Problem.invalid("enabled", "give enabled and text");
                            MailRules current = rules.rules(u.id());
                            store(rules, u, new MailRules(current.rules(), ooo));
                            ConfigLog.action(ex.actor(), "out of office of " + u.address() + " turned " + (ooo.enabled() ? "on" : "off"));
                            return Reply.json(rules.rules(u.id()).outOfOffice());
                        }),
                Route.get("/api/v1/users/{address}/sieve").doc("rules", "The user's active Sieve script and the scripts they have")
                        .returns(SieveView.class).to(ex -> {
                            User u = user(ex, d, false);
                            SieveScripts s = rules.scripts();
                            List<SieveScripts.Script> all = s.list(u.id());
                            String active = all.stream().filter(SieveScripts.Script::active).map(SieveScripts.Script::name).findFirst().orElse("");
                            return Reply.json(new SieveView(active, s.active(u.id()).orElse(""), all));
                        }),
                Route.put("/api/v1/users/{address}/sieve")
                        .doc("rules", "Replace the user's rules with a Sieve script (RFC 5228); errors name the line")
                        .body(SieveText.class).returns(SieveView.class).to(ex -> {
                            User u = user(ex, d, true);
                            SieveText t = ex.json(SieveText.class);
                            if (t == null || t.script() == null) throw Problem.invalid("script", "give the Sieve script");
                            try {
                                rules.scripts().put(u.id(), t.script());
                            } catch (IllegalArgumentException e) {
                                throw Problem.invalid("script", e.getMessage());
                            }
                            ConfigLog.action(ex.actor(), "Sieve script of " + u.address() + " replaced (" + t.script().length() + " characters)");
                            SieveScripts s = rules.scripts();
                            return Reply.json(new SieveView(SieveScripts.DEFAULT_NAME, s.active(u.id()).orElse(""), s.list(u.id())));
                        }));
    }

    private static User user(Exchange ex, Directory d, boolean write) {
        User u = d.requireUser(ex.param("address"));
        if (write) ex.requireDomainWrite(u.domain());
        else ex.requireDomainRead(u.domain());
        return u;
    }

    private static void store(UserRules rules, User u, MailRules wanted) throws java.io.IOException {
        try {
            rules.setRules(u.id(), wanted);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("rules", e.getMessage());
        }
    }
}
