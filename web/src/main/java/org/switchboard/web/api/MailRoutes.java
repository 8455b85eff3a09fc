package org.switchboard.web.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.switchboard.core.ConfigLog;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.Quota;
import org.switchboard.core.directory.User;
import org.switchboard.core.error.Problem;
import org.switchboard.core.session.ConnectedSessions;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.Mailbox;

/**
 * The mail store's admin side: usage and quota per user, reindex jobs, deleted-items recovery, connected sessions.
 * The reply records are public because the console reads these same replies in-process.
 */
public final class MailRoutes {
    public record FolderView(String name, String specialUse, int messages, int unseen, long size) {}

    public record MailboxView(String user, long bytes, long messages, Quota quota, List<FolderView> folders) {}

    public record Recover(Instant since) {}

    public record Recovered(int messages) {}

    /** A long-running admin task the CLI polls to draw its progress bar. */
    public record Job(String id, String kind, long done, long total, boolean finished, String error) {}

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    record CleanOutView(org.switchboard.core.directory.CleanOut own, org.switchboard.core.directory.CleanOut effective) {}

    record Removed(int messages) {}

    /** {@code cleanOutNow} runs the clean-out job at once and returns how many messages it removed. */
    public List<Route> routes(Directory d, MailStore store, ConnectedSessions sessions,
                              org.switchboard.core.directory.CleanOutPolicies cleanOut, java.util.function.IntSupplier cleanOutNow) {
        return List.of(
                Route.get("/api/v1/domains/{domain}/cleanout").doc("mail", "A domain's clean-out defaults (days per folder; 0 = off)")
                        .returns(org.switchboard.core.directory.CleanOut.class).to(ex -> {
                            String dn = d.requireDomain(ex.param("domain")).name();
                            ex.requireDomainRead(dn);
                            return Reply.json(cleanOut.forDomain(dn));
                        }),
                Route.put("/api/v1/domains/{domain}/cleanout").access(Access.SERVER_WRITE)
                        .doc("mail", "Set a domain's clean-out defaults: trashDays, junkDays, sentDays, allDays")
                        .body(org.switchboard.core.directory.CleanOut.class).to(ex -> Reply.json(cleanOut.setDomain(ex.actor(),
                                ex.param("domain"), ex.json(org.switchboard.core.directory.CleanOut.class)))),
                Route.get("/api/v1/users/{address}/cleanout").doc("mail", "A user's clean-out overrides and what applies")
                        .returns(CleanOutView.class).to(ex -> {
                            User u = d.requireUser(ex.param("address"));
                            ex.requireDomainRead(u.domain());
                            return Reply.json(new CleanOutView(cleanOut.ownOf(u), cleanOut.effective(u)));
                        }),
                Route.put("/api/v1/users/{address}/cleanout").doc("mail", "Override clean-out for a user (null fields inherit the domain's)")
                        .body(org.switchboard.core.directory.CleanOut.class).returns(CleanOutView.class).to(ex -> {
                            User u = d.requireUser(ex.param("address"));
                            ex.requireDomainWrite(u.domain());
                            cleanOut.setUser(ex.actor(), u, ex.json(org.switchboard.core.directory.CleanOut.class));
                            return Reply.json(new CleanOutView(cleanOut.ownOf(u), cleanOut.effective(u)));
                        }),
                Route.post("/api/v1/mail/cleanout").access(Access.SERVER_WRITE).doc("mail", "Run the clean-out now (it also runs hourly)")
                        .returns(Removed.class).to(ex -> {
                            int n = cleanOutNow.getAsInt();
                            ConfigLog.action(ex.actor(), "clean-out run: " + n + " message(s) removed");
                            return Reply.json(new Removed(n));
                        }),
                Route.get("/api/v1/sessions").access(Access.SERVER_READ).doc("mail", "Connected IMAP/POP3 sessions: user, address, protocol, since")
                        .returns(ConnectedSessions.Entry[].class).to(ex -> Reply.json(sessions.list())),
                Route.get("/api/v1/users/{address}/mailbox").doc("mail", "A user's storage usage, quota and folders")
                        .returns(MailboxView.class).to(ex -> {
                            User u = d.requireUser(ex.param("address"));
                            ex.requireDomainRead(u.domain());
                            MailStore.Usage usage = store.usage(u.id());
                            List<FolderView> folders = store.mailboxes(u.id()).stream().map(MailRoutes::view).toList();
                            return Reply.json(new MailboxView(u.address(), usage.bytes(), usage.messages(), u.quota(), folders));
                        }),
                Route.post("/api/v1/users/{address}/recover-deleted")
                        .doc("mail", "Restore messages the user deleted since a time (deleted-items retention)")
                        .body(Recover.class).returns(Recovered.class).to(ex -> {
                            User u = d.requireUser(ex.param("address"));
                            ex.requireDomainWrite(u.domain());
                            Recover r = ex.json(Recover.class);
                            if (r.since() == null) throw Problem.invalid("since", "give the time to recover from, e.g. 2026-11-01T00:00:00Z");
                            int n = store.recoverDeleted(u.id(), r.since());
                            ConfigLog.action(ex.actor(), "recovered " + n + " deleted message(s) of " + u.address() + " since " + r.since());
                            return Reply.json(new Recovered(n));
                        }),
                Route.post("/api/v1/mail/reindex").access(Access.SERVER_WRITE)
                        .doc("mail", "Rebuild the full-text index (?user=address for one user); returns a job to poll").returns(Job.class).to(ex -> {
                            String account = ex.query("user").map(a -> d.requireUser(a).id()).orElse(null);
                            long total = account != null ? store.usage(account).messages()
                                    : d.users(null).stream().mapToLong(u -> store.usage(u.id()).messages()).sum();
                            String id = Long.toString(ids.incrementAndGet());
                            jobs.put(id, new Job(id, "reindex", 0, total, false, null));
                            ConfigLog.action(ex.actor(), "reindex started for " + ex.query("user").orElse("all users"));
                            Thread.ofVirtual().name("reindex-" + id).start(() -> {
                                try {
                                    store.reindex(account, done -> jobs.put(id, new Job(id, "reindex", done, total, false, null)));
                                    Job j = jobs.get(id);
                                    jobs.put(id, new Job(id, "reindex", j.total(), j.total(), true, null));
                                } catch (RuntimeException e) {
                                    Job j = jobs.get(id);
                                    jobs.put(id, new Job(id, "reindex", j.done(), j.total(), true, e.getMessage()));
                                }
                            });
                            return Reply.json(202, jobs.get(id));
                        }),
                Route.get("/api/v1/jobs/{id}").access(Access.SERVER_READ).doc("mail", "Progress of a long-running job").returns(Job.class)
                        .to(ex -> Reply.json(java.util.Optional.ofNullable(jobs.get(ex.param("id")))
                                .orElseThrow(() -> Problem.notFound("job " + ex.param("id"))))));
    }

    private static FolderView view(Mailbox m) {
        return new FolderView(m.name(), m.specialUse() == null ? null : m.specialUse().name(), m.messages(), m.unseen(), m.size());
    }
}
