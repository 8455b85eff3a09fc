package org.switchboard.web.api;

import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.switchboard.core.ConfigLog;
import org.switchboard.core.error.Problem;
import org.switchboard.smtp.fetch.ClientTls;
import org.switchboard.smtp.fetch.EtrnAccount;
import org.switchboard.smtp.fetch.FetchService;
import org.switchboard.smtp.fetch.Pop3Account;
import org.switchboard.smtp.fetch.RunReport;
import org.switchboard.smtp.fetch.ScheduledAction;

/**
 * Configuration → Delivery (guide part 1 §27–§29) over the API: POP3 download accounts, ETRN
 * download accounts and scheduled actions, each listed, created or replaced by name, removed, and
 * run now. Passwords go in, never out. Sorting rules and "send only on schedule" are the settings
 * section {@code fetch} ({@code /api/v1/settings/fetch}).
 */
public final class DeliveryRoutes {
    /**
     * A POP3 account as a client sends it; the name comes from the path, password null keeps the stored one,
     * verifyCertificate left out means true.
     */
    public record Pop3Spec(boolean enabled, String server, int port, ClientTls tls, Boolean verifyCertificate, String user, String password,
                           String deliverTo, boolean leaveOnServer, int maxMessages, long maxMessageBytes) {
        public Pop3Spec {
            if (verifyCertificate == null) verifyCertificate = true;
        }
    }

    /** An ETRN account as a client sends it; domains separated by ';'; verifyCertificate left out means true. */
    public record EtrnSpec(boolean enabled, String server, int port, ClientTls tls, String domains, String user, String password,
                           Boolean verifyCertificate) {}

    /** A scheduled action as a client sends it: everyMinutes or at (HH:MM), an optional time range, the actions. */
    public record ScheduleSpec(boolean enabled, int everyMinutes, LocalTime at, String timeRange, Set<ScheduledAction.Action> actions) {}

    /** Which actions to run now. */
    public record RunSpec(Set<ScheduledAction.Action> actions) {}

    private static final String BASE = "/api/v1/delivery";

    private DeliveryRoutes() {}

    public static List<Route> routes(FetchService fetch) {
        return List.of(
                Route.get(BASE + "/pop3-accounts").access(Access.SERVER_READ).doc("delivery", "Remote POP3 mailboxes downloaded on schedule")
                        .returns(Pop3Account[].class).to(ex -> Reply.json(fetch.pop3Accounts())),
                Route.put(BASE + "/pop3-accounts/{name}").access(Access.SERVER_WRITE)
                        .doc("delivery", "Create or replace a POP3 download account (deliverTo null = sorting rules)").body(Pop3Spec.class)
                        .returns(Pop3Account.class).to(ex -> {
                            Pop3Spec s = ex.json(Pop3Spec.class);
                            boolean existed = fetch.pop3Accounts().stream().anyMatch(a -> a.name().equalsIgnoreCase(ex.param("name").strip()));
                            return Reply.json(existed ? 200 : 201, fetch.putPop3Account(ex.actor(), new Pop3Account(ex.param("name"), s.enabled(),
                                    s.server(), s.port(), s.tls(), s.verifyCertificate(), s.user(), null, s.deliverTo(), s.leaveOnServer(),
                                    s.maxMessages(), s.maxMessageBytes()), s.password()));
                        }),
                Route.delete(BASE + "/pop3-accounts/{name}").access(Access.SERVER_WRITE).doc("delivery", "Remove a POP3 download account")
                        .to(ex -> {
                            fetch.removePop3Account(ex.actor(), ex.param("name"));
                            return Reply.noContent();
                        }),
                Route.post(BASE + "/pop3-accounts/run").access(Access.SERVER_WRITE).doc("delivery", "Download every enabled POP3 account now")
                        .returns(RunReport.class).to(ex -> run(fetch, ex, Set.of(ScheduledAction.Action.POP3))),
                Route.get(BASE + "/etrn").access(Access.SERVER_READ).doc("delivery", "Servers asked by ETRN to flush mail for our domains")
                        .returns(EtrnAccount[].class).to(ex -> Reply.json(fetch.etrnAccounts())),
                Route.put(BASE + "/etrn/{name}").access(Access.SERVER_WRITE).doc("delivery", "Create or replace an ETRN download account")
                        .body(EtrnSpec.class).returns(EtrnAccount.class).to(ex -> {
                            EtrnSpec s = ex.json(EtrnSpec.class);
                            boolean existed = fetch.etrnAccounts().stream().anyMatch(a -> a.name().equalsIgnoreCase(ex.param("name").strip()));
                            return Reply.json(existed ? 200 : 201, fetch.putEtrnAccount(ex.actor(), new EtrnAccount(ex.param("name"), s.enabled(),
                                    s.server(), s.port(), s.tls(), s.domains(), s.user(), null, s.verifyCertificate()), s.password()));
                        }),
                Route.delete(BASE + "/etrn/{name}").access(Access.SERVER_WRITE).doc("delivery", "Remove an ETRN download account").to(ex -> {
                    fetch.removeEtrnAccount(ex.actor(), ex.param("name"));
                    return Reply.noContent();
                }),
                Route.post(BASE + "/etrn/run").access(Access.SERVER_WRITE).doc("delivery", "Send ETRN to every enabled account now")
                        .returns(RunReport.class).to(ex -> run(fetch, ex, Set.of(ScheduledAction.Action.ETRN))),
                Route.get(BASE + "/schedule").access(Access.SERVER_READ).doc("delivery", "Scheduled actions").returns(ScheduledAction[].class)
                        .to(ex -> Reply.json(fetch.schedule())),
                Route.put(BASE + "/schedule/{name}").access(Access.SERVER_WRITE).doc("delivery", "Create or replace a scheduled action")
                        .body(ScheduleSpec.class).returns(ScheduledAction.class).to(ex -> {
                            ScheduleSpec s = ex.json(ScheduleSpec.class);
                            boolean existed = fetch.schedule().stream().anyMatch(a -> a.name().equalsIgnoreCase(ex.param("name").strip()));
                            return Reply.json(existed ? 200 : 201, fetch.putScheduledAction(ex.actor(), new ScheduledAction(ex.param("name"),
                                    s.enabled(), s.everyMinutes(), s.at(), s.timeRange(), s.actions())));
                        }),
                Route.delete(BASE + "/schedule/{name}").access(Access.SERVER_WRITE).doc("delivery", "Remove a scheduled action").to(ex -> {
                    fetch.removeScheduledAction(ex.actor(), ex.param("name"));
                    return Reply.noContent();
                }),
                Route.post(BASE + "/schedule/run").access(Access.SERVER_WRITE)
                        .doc("delivery", "Run actions now (SEND, POP3, ETRN) and report what they did").body(RunSpec.class)
                        .returns(RunReport.class).to(ex -> {
                            RunSpec s = ex.json(RunSpec.class);
                            if (s.actions() == null || s.actions().isEmpty()) throw Problem.invalid("actions", "choose at least one of SEND, POP3, ETRN");
                            return run(fetch, ex, s.actions());
                        }));
    }

    private static Reply run(FetchService fetch, Exchange ex, Set<ScheduledAction.Action> actions) {
        ConfigLog.action(ex.actor(), "delivery: run now " + actions);
        return Reply.json(fetch.run(actions));
    }
}
