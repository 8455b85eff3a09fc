package org.switchboard.web.console;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.switchboard.core.directory.User;
import org.switchboard.core.error.Problem;
import org.switchboard.core.session.ConnectedSessions;
import org.switchboard.web.api.Access;
import org.switchboard.web.api.MailRoutes;

/**
 * The mail store's pages: who is connected (refreshed live), the mail store page that rebuilds
 * the search index and follows the job's progress, and the mailbox panel and deleted-items
 * recovery on a user's page. Every read and change is one of the mail store's API routes.
 */
final class MailPages {
    static final String SESSIONS_API = "/api/v1/sessions";
    static final String REINDEX_API = "/api/v1/mail/reindex";
    static final String MAILBOX_API = "/api/v1/users/{address}/mailbox";
    static final Set<String> MAIL_PROTOCOLS = Set.of("IMAP", "IMAPS", "POP3", "POP3S");

    record Connections(List<ConnectedSessions.Entry> rows, Instant now, ZoneId zone) {}

    /** A job as its progress bar shows it; {@code percent} is of the messages to index. */
    record JobView(MailRoutes.Job job, int percent) {
        static JobView of(MailRoutes.Job j) {
            int pct = j.total() <= 0 ? (j.finished() ? 100 : 0) : (int) Math.min(100, j.done() * 100 / j.total());
            return new JobView(j, pct);
        }
    }

    record StorePage(FormView form, JobView job) {}

    /**
     * The mailbox panel of a user's page. {@code percent} is of the storage quota (null when
     * unlimited); {@code error} says why the mailbox could not be read.
     */
    record Mailbox(MailRoutes.MailboxView box, Integer percent, boolean warn, FormView recover, ZoneId zone, String error) {}

    private MailPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/connections", Access.SERVER_READ, c -> {
                    Connections m = connections(c);
                    Frame f = c.frame("Connected users", "connections");
                    return Outcome.page(out -> JteconnectionsGenerated.render(out, null, f, m));
                }),
                ConsoleRoute.poll("/admin/connections/live", Access.SERVER_READ, c -> {
                    Connections m = connections(c);
                    return Outcome.page(out -> JteconnectionslistGenerated.render(out, null, m));
                }),
                ConsoleRoute.get("/admin/mailstore", Access.SERVER_READ, c -> {
                    String id = c.query().get("job");
                    if (id.isEmpty()) return store(c, null, null, 200);
                    try {
                        return store(c, null, job(c, id), 200);
                    } catch (Problem p) {
                        if (p.kind() != Problem.Kind.NOT_FOUND) throw p;
                        FormView gone = new FormView(Map.of(), Map.of(), "The job " + id + " is not known (any more): jobs are kept only "
                                + "while the server runs.", c.principal().canWriteServer());
                        return store(c, gone, null, 200);
                    }
                }),
                ConsoleRoute.post("/admin/mailstore/reindex", Access.SERVER_READ, MailPages::reindex),
                ConsoleRoute.poll("/admin/mailstore/jobs/{id}", Access.SERVER_READ, c -> {
                    JobView j = job(c, c.param("id"));
                    return Outcome.page(out -> JtejobGenerated.render(out, null, j));
                }),
                ConsoleRoute.post("/admin/users/{address}/recover", Access.ADMIN, MailPages::recover));
    }

    /** The IMAP and POP3 sessions among everyone connected. */
    static List<ConnectedSessions.Entry> mailSessions(Call c) throws Exception {
        return Arrays.stream(c.read(SESSIONS_API, ConnectedSessions.Entry[].class)).filter(e -> MAIL_PROTOCOLS.contains(e.protocol())).toList();
    }

    private static Connections connections(Call c) throws Exception {
        return new Connections(Arrays.asList(c.read(SESSIONS_API, ConnectedSessions.Entry[].class)), c.ctx().clock().instant(), c.zone());
    }

    private static JobView job(Call c, String id) throws Exception {
        return JobView.of(c.read("/api/v1/jobs/" + Paths.seg(id), MailRoutes.Job.class));
    }

    private static Outcome store(Call c, FormView form, JobView job, int status) {
        StorePage m = new StorePage(form != null ? form : FormView.of(Map.of(), c.principal().canWriteServer()), job);
        Frame f = c.frame("Mail store", "mailstore");
        return Outcome.page(status, out -> JtemailstoreGenerated.render(out, null, f, m));
    }

    private static Outcome reindex(Call c) throws Exception {
        String user = c.form().get("user");
        FormView view = FormView.of(c.form().echo(), true);
        try {
            MailRoutes.Job j = Call.json(c.api("POST", REINDEX_API + (user.isEmpty() ? "" : "?user=" + Paths.q(user)), null), MailRoutes.Job.class);
            return c.done("/admin/mailstore?job=" + Paths.q(j.id()), "Rebuilding the search index " + (user.isEmpty() ? "of every mailbox" : "of " + user) + ".");
        } catch (Problem p) {
            // The only input is the user: an unknown one is the API's 404.
            return store(c, p.kind() == Problem.Kind.NOT_FOUND ? view.failed(Map.of("user", p.getMessage())) : view.failed(p, List.of("user")),
                    null, p.kind().status);
        }
    }

    /** The mailbox panel for a user's page, or null when no mail store is wired in. */
    static Mailbox mailbox(Call c, User u, FormView recover) throws Exception {
        if (!c.offers(MAILBOX_API)) return null;
        FormView rf = recover != null ? recover : FormView.of(Map.of(), c.principal().canWriteDomain(u.domain()));
        try {
            MailRoutes.MailboxView box = c.read("/api/v1/users/" + Paths.seg(u.address()) + "/mailbox", MailRoutes.MailboxView.class);
            long limit = box.quota().storageBytes();
            Integer pct = limit <= 0 ? null : (int) Math.min(100, box.bytes() * 100 / limit);
            return new Mailbox(box, pct, pct != null && pct >= box.quota().warningPercent(), rf, c.zone(), null);
        } catch (Problem p) {
            return new Mailbox(null, null, false, rf, c.zone(), p.getMessage());
        }
    }

    private static Outcome recover(Call c) throws Exception {
        User u = UserPages.user(c);
        String since = c.form().get("since");
        FormView view = FormView.of(c.form().echo(), true);
        Instant at = instant(since, c.zone());
        if (at == null) {
            return UserPages.page(c, u, view.failed(Map.of("since", "enter a date and time, e.g. 2026-11-01T08:00")), 400);
        }
        try {
            MailRoutes.Recovered r = Call.json(c.api("POST", "/api/v1/users/" + Paths.seg(u.address()) + "/recover-deleted",
                    new MailRoutes.Recover(at)), MailRoutes.Recovered.class);
            return c.done("/admin/users/" + Paths.seg(u.address()), r.messages() == 0
                    ? "No deleted message of " + u.address() + " since " + since + " could be recovered."
                    : r.messages() + " deleted message(s) of " + u.address() + " recovered into their folders.");
        } catch (Problem p) {
            return UserPages.page(c, u, view.failed(p, List.of("since")), p.kind().status);
        }
    }

    /** A date-time field's value (local to the server's zone, as the browser sends it) or an ISO instant; null when neither. */
    static Instant instant(String text, ZoneId zone) {
        if (text.isEmpty() || text.length() > 40) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
