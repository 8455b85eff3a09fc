package org.switchboard.smtp.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.switchboard.core.Actor;
import org.switchboard.core.auth.SecretBox;
import org.switchboard.core.definitions.TimeRanges;
import org.switchboard.core.error.Problem;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.store.MetadataStore;
import org.switchboard.core.store.StoredSet;
import org.switchboard.smtp.delivery.OutboundGate;
import org.switchboard.smtp.queue.MailQueue;

/**
 * Downloading and scheduling (guide part 1 §27–§29): the POP3 and ETRN accounts and the scheduled
 * actions (metadata store kinds "fetch-pop3", "fetch-etrn", "fetch-schedule", each change a Config
 * log line), the ticker that runs them, and "run now". Passwords are sealed with the server's
 * secrets key. Thread-safe; each kind of action runs once at a time (a scheduled run finding one
 * still busy skips it, run-now waits for it).
 */
public final class FetchService implements AutoCloseable {
    /** How long a scheduled send keeps the sending window open for the queue's attempts. */
    static final Duration SEND_WINDOW = Duration.ofMinutes(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_ACCOUNTS = 500;

    private final StoredSet<Pop3Account> pop3;
    private final StoredSet<EtrnAccount> etrn;
    private final StoredSet<ScheduledAction> schedule;
    private final SecretBox secrets;
    private final TimeRanges timeRanges;
    private final MailQueue queue;
    private final OutboundGate gate;
    private final Pop3Download pop3Download;
    private final EtrnDownload etrnDownload;
    private final DeliverySchedule ticker;
    private final ReentrantLock pop3Running = new ReentrantLock();
    private final ReentrantLock etrnRunning = new ReentrantLock();
    private final ReentrantLock sendRunning = new ReentrantLock();

    /** @param dataDir the server's data directory; POP3 state goes to {@code <data>/fetch} */
    public FetchService(MetadataStore store, Supplier<FetchSettings> settings, SecretBox secrets, TimeRanges timeRanges,
                        Supplier<ZoneId> zone, MailQueue queue, OutboundGate gate, Supplier<String> hostName, Path dataDir,
                        InstantSource clock) {
        this.pop3 = new StoredSet<>(store, "fetch-pop3", "POP3 download account", Pop3Account.class, Pop3Account::name);
        this.etrn = new StoredSet<>(store, "fetch-etrn", "ETRN download account", EtrnAccount.class, EtrnAccount::name);
        this.schedule = new StoredSet<>(store, "fetch-schedule", "scheduled action", ScheduledAction.class, ScheduledAction::name);
        this.secrets = secrets;
        this.timeRanges = timeRanges;
        this.queue = queue;
        this.gate = gate;
        this.pop3Download = new Pop3Download(queue, settings, secrets::open, hostName, dataDir.resolve("fetch"), clock, TIMEOUT);
        this.etrnDownload = new EtrnDownload(secrets::open, hostName, TIMEOUT);
        this.ticker = new DeliverySchedule(schedule::list, timeRanges::contains, zone, clock, due -> run(due, false));
    }

    public void start() { ticker.start(); }

    @Override
    public void close() { ticker.close(); }

    // ------------------------------------------------------------------ POP3 accounts

    public List<Pop3Account> pop3Accounts() { return pop3.list().stream().map(Pop3Account::withoutSecret).toList(); }

    /**
     * Creates or replaces an account. {@code password} null keeps the stored one (an existing
     * account); missing fields get the defaults: STARTTLS, port 110 (995 for implicit TLS), 50 MB.
     */
    public Pop3Account putPop3Account(Actor actor, Pop3Account spec, String password) {
        String name = name(spec.name());
        ClientTls tls = spec.tls() == null ? ClientTls.STARTTLS : spec.tls();
        int port = spec.port() == 0 ? tls.defaultPop3Port() : spec.port();
        String server = server(spec.server(), port);
        String user = required("user", spec.user(), 255);
        String deliverTo = spec.deliverTo() == null || spec.deliverTo().isBlank() ? null : address("deliverTo", spec.deliverTo());
        if (spec.maxMessages() < 0) throw Problem.invalid("maxMessages", "0 (all) or more");
        long maxBytes = spec.maxMessageBytes() == 0 ? Pop3Account.DEFAULT_MAX_MESSAGE_BYTES : spec.maxMessageBytes();
        if (maxBytes < 1024) throw Problem.invalid("maxMessageBytes", "at least 1024 octets (0 = the default of 50 MB)");
        String sealed = sealed(password, pop3.get(name).map(Pop3Account::sealedPassword).orElse(null));
        Pop3Account a = new Pop3Account(name, spec.enabled(), server, port, tls, spec.verifyCertificate(), user, sealed, deliverTo,
                spec.leaveOnServer(), spec.maxMessages(), maxBytes);
        return pop3.put(actor, a, (c, all) -> limit(all.size())).withoutSecret();
    }

    public void removePop3Account(Actor actor, String name) { pop3.remove(actor, name, (n, x) -> {}); }

    // ------------------------------------------------------------------ ETRN accounts

    public List<EtrnAccount> etrnAccounts() { return etrn.list().stream().map(EtrnAccount::withoutSecret).toList(); }

    /** Creates or replaces an account; {@code password} null keeps the stored one. AUTH needs TLS: a password never goes in clear. */
    public EtrnAccount putEtrnAccount(Actor actor, EtrnAccount spec, String password) {
        String name = name(spec.name());
        ClientTls tls = spec.tls() == null ? ClientTls.NONE : spec.tls();
        int port = spec.port() == 0 ? tls.defaultSmtpPort() : spec.port();
        String server = server(spec.server(), port);
        String domains = required("domains", spec.domains(), 2000);
        List<String> list = new EtrnAccount(name, true, server, port, tls, domains, null, null).domainList();
        if (list.isEmpty()) throw Problem.invalid("domains", "name at least one domain (several separated by ';')");
        for (String d : list) {
            if (!d.matches("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")) throw Problem.invalid("domains", "'" + d + "' is not a domain name");
        }
        String user = spec.user() == null || spec.user().isBlank() ? null : required("user", spec.user(), 255);
        String sealed = null;
        if (user != null) {
            if (tls == ClientTls.NONE) throw Problem.invalid("tls", "authentication needs STARTTLS or IMPLICIT, so the password never goes in clear");
            sealed = sealed(password, etrn.get(name).map(EtrnAccount::sealedPassword).orElse(null));
        }
        EtrnAccount a = new EtrnAccount(name, spec.enabled(), server, port, tls, String.join(";", list), user, sealed, spec.verifyCertificate());
        return etrn.put(actor, a, (c, all) -> limit(all.size())).withoutSecret();
    }

    public void removeEtrnAccount(Actor actor, String name) { etrn.remove(actor, name, (n, x) -> {}); }

    // ------------------------------------------------------------------ scheduled actions

    public List<ScheduledAction> schedule() { return schedule.list(); }

    /** Creates or replaces a scheduled action: every 1..1440 minutes or daily at a time, optionally within a time range. */
    public ScheduledAction putScheduledAction(Actor actor, ScheduledAction spec) {
        String name = name(spec.name());
        if ((spec.at() == null) == (spec.everyMinutes() == 0)) {
            throw Problem.invalid("everyMinutes", "give either everyMinutes or at (a time of day), not both");
        }
        if (spec.at() == null && (spec.everyMinutes() < 1 || spec.everyMinutes() > 1440)) {
            throw Problem.invalid("everyMinutes", "1 to 1440 minutes");
        }
        String range = spec.timeRange() == null || spec.timeRange().isBlank() ? null : spec.timeRange().strip();
        if (range != null && timeRanges.get(range).isEmpty()) throw Problem.invalid("timeRange", "no time range named " + range);
        if (spec.actions().isEmpty()) throw Problem.invalid("actions", "choose at least one of SEND, POP3, ETRN");
        ScheduledAction a = new ScheduledAction(name, spec.enabled(), spec.everyMinutes(), spec.at(), range, spec.actions());
        return schedule.put(actor, a, (c, all) -> limit(all.size()));
    }

    public void removeScheduledAction(Actor actor, String name) { schedule.remove(actor, name, (n, x) -> {}); }

    // ------------------------------------------------------------------ running

    /** Runs the actions now (the API's "run now") and reports what they did; waits for a run of the same kind in progress. */
    public RunReport run(Set<ScheduledAction.Action> actions) { return run(actions, true); }

    private RunReport run(Set<ScheduledAction.Action> actions, boolean wait) {
        Set<ScheduledAction.Action> what = actions.isEmpty() ? EnumSet.noneOf(ScheduledAction.Action.class) : EnumSet.copyOf(actions);
        List<RunReport.EtrnResult> etrnResults = new ArrayList<>();
        List<RunReport.Pop3Result> pop3Results = new ArrayList<>();
        Integer sent = null;
        // ETRN first: what the backup MX flushes then arrives while the downloads run.
        if (what.contains(ScheduledAction.Action.ETRN) && acquire(etrnRunning, wait, "ETRN download")) {
            try {
                for (EtrnAccount a : etrn.list()) if (a.enabled()) etrnResults.add(etrnDownload.run(a));
            } finally {
                etrnRunning.unlock();
            }
        }
        if (what.contains(ScheduledAction.Action.POP3) && acquire(pop3Running, wait, "POP3 download")) {
            try {
                for (Pop3Account a : pop3.list()) if (a.enabled()) pop3Results.add(pop3Download.run(a));
            } finally {
                pop3Running.unlock();
            }
        }
        if (what.contains(ScheduledAction.Action.SEND) && acquire(sendRunning, wait, "scheduled sending")) {
            try {
                sent = send();
            } finally {
                sendRunning.unlock();
            }
        }
        return new RunReport(pop3Results, etrnResults, sent);
    }

    private int send() {
        gate.open();
        try {
            int n = queue.flush(SEND_WINDOW);
            LogKind.MAIL.log("Scheduled sending: {} queued message(s) tried", n);
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            gate.close();
        }
    }

    private static boolean acquire(ReentrantLock l, boolean wait, String what) {
        if (wait) {
            l.lock();
            return true;
        }
        if (l.tryLock()) return true;
        LogKind.debug("fetch", "{} still running; this scheduled run skips it", what);
        return false;
    }

    // ------------------------------------------------------------------ checks

    private static String name(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 64 || !n.matches("[^/\\p{Cntrl}]+")) throw Problem.invalid("name", "a name of 1 to 64 characters without '/'");
        return n;
    }

    private static String server(String server, int port) {
        String s = server == null ? "" : server.strip();
        if (!s.matches("[A-Za-z0-9.:\\[\\]-]{1,253}")) throw Problem.invalid("server", "a host name or IP address");
        if (port < 1 || port > 65535) throw Problem.invalid("port", "1 to 65535");
        return s;
    }

    private static String required(String field, String value, int max) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > max || v.chars().anyMatch(Character::isISOControl)) {
            throw Problem.invalid(field, "1 to " + max + " characters without control characters");
        }
        return v;
    }

    private static String address(String field, String value) {
        String v = value.strip();
        if (!v.matches("[^@\\s]+@[^@\\s]+") || v.length() > 254) throw Problem.invalid(field, "an e-mail address");
        return v;
    }

    private String sealed(String password, String existing) {
        if (password == null) {
            if (existing == null) throw Problem.invalid("password", "a password is required");
            return existing;
        }
        if (password.isEmpty() || password.length() > 256 || password.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw Problem.invalid("password", "1 to 256 characters without line breaks");
        }
        return secrets.seal(password);
    }

    private static void limit(int size) {
        if (size > MAX_ACCOUNTS) throw Problem.invalid("name", "at most " + MAX_ACCOUNTS + " entries");
    }
}
