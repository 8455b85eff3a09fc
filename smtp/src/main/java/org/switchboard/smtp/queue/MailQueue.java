package org.switchboard.smtp.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.SmtpSettings;

/**
 * The durable outgoing and incoming message queue (guide part 1 §24): every accepted message is
 * here until each recipient is delivered or failed. A dispatcher thread starts an attempt on its
 * own virtual thread when a message is due, at most {@code maxConcurrentDeliveries} at once;
 * retries back off exponentially; a "still undelivered" DSN goes out after the warning time and a
 * bounce after the give-up time (RFC 3464). State changes are written to the envelope file before
 * they are acted on, and outcomes are recorded only after delivery, so delivery is at-least-once
 * across a kill -9. Thread-safe; {@code lock} guards the in-flight bookkeeping only, never I/O.
 */
public final class MailQueue implements AutoCloseable {
    /** An admin's view of one queued message. */
    public record Entry(Envelope envelope, boolean inFlight) {}

    private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Spool spool;
    private final Supplier<SmtpSettings.Queue> settings;
    private final Supplier<String> hostName;
    private final DsnTexts texts;
    private final InstantSource clock;
    private MessageDelivery delivery;
    /** The client of mail the server generates from mail it already has (forwards, DSNs, list copies, notices). */
    public static final String LOCAL = "local";

    private volatile Archiving archiving;
    private final Map<String, Envelope> envelopes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> inFlight = new HashMap<>();
    private final java.util.Set<String> retryRequested = new java.util.HashSet<>();
    /** Due times by id; entries that no longer match their envelope are skipped when they come up. Guarded by lock. */
    private final java.util.PriorityQueue<Due> schedule = new java.util.PriorityQueue<>(Comparator.comparing(Due::at));

    private record Due(Instant at, String id) {}
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean running;
    private Thread dispatcher;
    private long attemptsFinished;
    /** Guarded by lock; entries go when the message leaves the queue. */
    private final Map<String, Long> finishedById = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();

    /** @param reports the directory of admin DSN templates ({@code dsn_<language>.properties}); need not exist */
    public MailQueue(Spool spool, Supplier<SmtpSettings.Queue> settings, Supplier<String> hostName, Path reports, InstantSource clock) {
        this.texts = new DsnTexts(reports);
        this.spool = spool;
        this.settings = settings;
        this.hostName = hostName;
        this.clock = clock;
    }

    public Spool spool() { return spool; }

    /** Wiring: set once before {@link #start()} (delivery needs the queue to forward and bounce). */
    public void deliverWith(MessageDelivery d) { this.delivery = d; }

    /** Recovers the spool after a restart or crash and starts delivering. */
    public void start() throws IOException {
        if (delivery == null) throw new IllegalStateException("no delivery configured");
        List<Envelope> recovered = spool.recover();
        for (Envelope e : recovered) {
            envelopes.put(e.id(), e);
            schedule(e.id(), e.nextAttempt());
        }
        if (!recovered.isEmpty()) LogKind.MAIL.log("Queue: {} message(s) recovered from {}", recovered.size(), spool.dir());
        running = true;
        dispatcher = Thread.ofVirtual().name("smtp-queue").start(this::dispatch);
    }

    /** Archives accepted messages as the archive settings say (email archiving). */
    public void archiveWith(Archiving a) { this.archiving = a; }

    /**
     * Records a message the caller has made durable with {@link Spool.Writer#commit}, archives it when archiving
     * asks for it (before delivery can remove the file), and schedules it now.
     */
    public void queued(Envelope e) {
        received.incrementAndGet();
        Archiving a = archiving;
        if (a != null) a.accepted(e, spool.message(e.id()), this);
        envelopes.put(e.id(), e);
        schedule(e.id(), e.nextAttempt());
    }

    private void schedule(String id, Instant at) {
        lock.lock();
        try {
            schedule.add(new Due(at, id));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a message generated inside the server (DSNs, forwards, notices): durable when it returns.
     *
     * @param notice never answer this message with a DSN (it is one, or it is automatic)
     */
    public String submit(String from, List<String> recipients, InputStream message, boolean notice) throws IOException {
        return enqueue(LOCAL, from, recipients, message, notice);
    }

    /**
     * Queues a message that enters the server here instead of over SMTP (a POP3 download, a voicemail): unlike
     * {@link #submit}, it is new mail, so archiving takes it as it takes mail from an SMTP client.
     *
     * @param source where it came from, in place of the SMTP client's address (queue listing, archive decision)
     */
    public String receive(String source, String from, List<String> recipients, InputStream message, boolean notice) throws IOException {
        if (LOCAL.equals(source)) throw new IllegalArgumentException("source must name where the message came from");
        return enqueue(source, from, recipients, message, notice);
    }

    private String enqueue(String client, String from, List<String> recipients, InputStream message, boolean notice) throws IOException {
        try (Spool.Writer w = spool.begin()) {
            long size = message.transferTo(w.output());
            Envelope e = new Envelope(w.id(), from, recipients.stream().map(Envelope.Recipient::of).toList(), clock.instant(), size,
                    null, null, false, false, client, null, 0, clock.instant(), false, notice);
            w.commit(e);
            queued(e);
            return w.id();
        }
    }

    // ------------------------------------------------------------------ admin

    public List<Entry> list() {
        lock.lock();
        try {
            return envelopes.values().stream().sorted(Comparator.comparing(Envelope::arrived).thenComparing(Envelope::id))
                    .map(e -> new Entry(e, inFlight.containsKey(e.id()))).toList();
        } finally {
            lock.unlock();
        }
    }

    public Optional<Entry> inspect(String id) {
        Envelope e = envelopes.get(id);
        if (e == null) return Optional.empty();
        lock.lock();
        try {
            return Optional.of(new Entry(e, inFlight.containsKey(id)));
        } finally {
            lock.unlock();
        }
    }

    /** The message's header section (for the admin's inspect view), at most {@code maxBytes}. */
    public Optional<String> headers(String id, int maxBytes) throws IOException {
        if (!envelopes.containsKey(id)) return Optional.empty();
        try (InputStream in = Files.newInputStream(spool.message(id))) {
            byte[] b = in.readNBytes(maxBytes);
            String s = new String(b, StandardCharsets.UTF_8);
            int end = s.indexOf("\r\n\r\n");
            return Optional.of(end < 0 ? s : s.substring(0, end + 2));
        }
    }

    /** Removes a message without delivering it; false when it is unknown or being delivered right now. */
    public boolean delete(String id) throws IOException {
        lock.lock();
        try {
            if (!envelopes.containsKey(id) || inFlight.containsKey(id)) return false;
            envelopes.remove(id);
            finishedById.remove(id);
        } finally {
            lock.unlock();
        }
        spool.remove(id);
        LogKind.MAIL.log("Queue: message {} deleted by the administrator", id);
        return true;
    }

    /** Makes a message due now ("send now"); false when unknown. */
    public boolean retryNow(String id) {
        Envelope e;
        lock.lock();
        try {
            // An attempt in flight would overwrite the due time when it ends; it checks this flag instead.
            if (inFlight.containsKey(id)) retryRequested.add(id);
            e = envelopes.computeIfPresent(id, (k, v) -> v.dueAt(clock.instant()));
            if (e != null) schedule.add(new Due(e.nextAttempt(), id));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return e != null;
    }

    /** Makes every message with a pending recipient in {@code domain} due now (ETRN, RFC 1985); returns how many. */
    public int retryDomain(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        int n = 0;
        for (Envelope e : List.copyOf(envelopes.values())) {
            if (e.pending().stream().anyMatch(r -> r.address().toLowerCase(Locale.ROOT).endsWith("@" + d))) {
                retryNow(e.id());
                n++;
            }
        }
        return n;
    }

    public int retryAll() {
        List<String> ids = List.copyOf(envelopes.keySet());
        ids.forEach(this::retryNow);
        return ids.size();
    }

    /**
     * Makes every queued message due now and waits until each has finished an attempt that ended after
     * this call (or left the queue), at most {@code timeout}: a scheduled send (guide part 1 §29) keeps
     * its sending window open that long. Returns how many messages were due.
     */
    public int flush(Duration timeout) throws InterruptedException {
        Map<String, Long> generation = new HashMap<>();
        lock.lock();
        try {
            for (String id : envelopes.keySet()) generation.put(id, finishedFor(id));
        } finally {
            lock.unlock();
        }
        generation.keySet().forEach(this::retryNow);
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                boolean pending = false;
                for (Map.Entry<String, Long> g : generation.entrySet()) {
                    if (envelopes.containsKey(g.getKey()) && (inFlight.containsKey(g.getKey()) || finishedFor(g.getKey()) <= g.getValue())) {
                        pending = true;
                        break;
                    }
                }
                long left = deadline - System.nanoTime();
                if (!pending || left <= 0) return generation.size();
                changed.awaitNanos(Math.min(left, MAX_IDLE_WAIT_NANOS));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Attempts finished for one message since start; guarded by lock. */
    private long finishedFor(String id) { return finishedById.getOrDefault(id, 0L); }

    public int size() { return envelopes.size(); }

    /** Delivery attempts finished since start (tests poll it instead of sleeping). */
    /** Messages taken into the queue since start (SMTP, submission, internal) — "messages in". */
    public long received() { return received.get(); }

    /** Messages that left the queue, every recipient delivered or bounced — "messages out". */
    public long completed() { return done.get(); }

    public long attemptsFinished() {
        lock.lock();
        try {
            return attemptsFinished;
        } finally {
            lock.unlock();
        }
    }

    /** Re-evaluates what is due, e.g. after a test moved its clock. */
    public void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        if (dispatcher != null) {
            try {
                dispatcher.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Attempts still running finish on their own; an unrecorded outcome is retried after restart.
    }

    // ------------------------------------------------------------------ dispatching

    private void dispatch() {
        lock.lock();
        try {
            while (running) {
                Instant now = clock.instant();
                int max = settings.get().maxConcurrentDeliveries();
                while (!schedule.isEmpty() && inFlight.size() < max && !schedule.peek().at().isAfter(now)) {
                    Due due = schedule.poll();
                    Envelope e = envelopes.get(due.id());
                    // Stale entries: deleted, rescheduled later, or in flight (its end schedules it again).
                    if (e == null || inFlight.containsKey(due.id()) || e.nextAttempt().isAfter(now)) continue;
                    inFlight.put(e.id(), Boolean.TRUE);
                    Thread.ofVirtual().name("smtp-delivery-" + e.id()).start(() -> attempt(e.id()));
                }
                long wait = MAX_IDLE_WAIT_NANOS;
                if (!schedule.isEmpty() && inFlight.size() < max) {
                    wait = Math.min(wait, Math.max(Duration.between(now, schedule.peek().at()).toNanos(), 1_000_000));
                }
                try {
                    changed.awaitNanos(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void attempt(String id) {
        try {
            Envelope e = envelopes.get(id);
            if (e != null) attempt(e);
        } catch (Throwable t) {
            LogKind.ERROR.log("Queue: attempt for {} failed: {}", id, t.toString(), t);
            Envelope later = envelopes.computeIfPresent(id, (k, v) -> v.dueAt(clock.instant().plus(Duration.ofMinutes(settings.get().retryMinutes()))));
            if (later != null) schedule(id, later.nextAttempt());
        } finally {
            lock.lock();
            try {
                inFlight.remove(id);
                retryRequested.remove(id);
                attemptsFinished++;
                if (envelopes.containsKey(id)) finishedById.merge(id, 1L, Long::sum);
                else finishedById.remove(id);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void attempt(Envelope e) throws IOException {
        List<Envelope.Recipient> pending = e.pending();
        List<DeliveryOutcome> outcomes;
        try {
            outcomes = delivery.deliver(e, spool.message(e.id()), pending);
        } catch (RuntimeException ex) {
            LogKind.ERROR.log("Queue: delivery of {} threw {}", e.id(), ex.toString(), ex);
            outcomes = pending.stream().map(r -> DeliveryOutcome.deferred(r.address(), "451 4.3.0 Internal error: " + ex, null)).toList();
        }
        Instant now = clock.instant();
        SmtpSettings.Queue q = settings.get();
        Instant giveUp = e.arrived().plus(Duration.ofDays(q.bounceAfterDays()));
        boolean expired = !now.isBefore(giveUp);
        Map<String, DeliveryOutcome> byAddress = new HashMap<>();
        for (DeliveryOutcome o : outcomes) byAddress.put(o.recipient(), o);

        List<Envelope.Recipient> updated = new ArrayList<>();
        List<Dsn.Entry> failed = new ArrayList<>();
        List<Dsn.Entry> delivered = new ArrayList<>();
        List<Dsn.Entry> delayed = new ArrayList<>();
        for (Envelope.Recipient r : e.recipients()) {
            DeliveryOutcome o = r.status() == Envelope.Status.PENDING ? byAddress.get(r.address()) : null;
            if (o == null) {
                if (r.status() == Envelope.Status.PENDING) {
                    o = DeliveryOutcome.deferred(r.address(), "451 4.3.0 No outcome reported", null);
                } else {
                    updated.add(r);
                    continue;
                }
            }
            LogKind.MAIL.log("Delivery attempt {} for {}: from <{}> to <{}>, size {}, {}: {}{}", e.attempts() + 1, e.id(), e.from(),
                    r.address(), e.size(), o.result().name().toLowerCase(Locale.ROOT), o.reply(),
                    o.remoteMta() == null ? "" : " (" + o.remoteMta() + ")");
            switch (o.result()) {
                case DELIVERED -> {
                    Envelope.Recipient d = r.with(Envelope.Status.DELIVERED, o.reply(), o.remoteMta());
                    updated.add(d);
                    if (r.wants(org.switchboard.smtp.codec.SmtpCommand.Notify.SUCCESS) && r.notifyOn() != null) {
                        delivered.add(new Dsn.Entry(d, Dsn.Action.DELIVERED, o.reply(), o.remoteMta()));
                    }
                }
                case FAILED -> {
                    Envelope.Recipient f = r.with(Envelope.Status.FAILED, o.reply(), o.remoteMta());
                    updated.add(f);
                    if (r.wants(org.switchboard.smtp.codec.SmtpCommand.Notify.FAILURE)) failed.add(new Dsn.Entry(f, Dsn.Action.FAILED, o.reply(), o.remoteMta()));
                }
                case DEFERRED -> {
                    if (expired) {
                        // RFC 3463 §3.5: 4.4.7 "delivery time expired", with the last real error kept for the reader.
                        String reply = "451 4.4.7 Delivery time expired; last error: " + o.reply();
                        Envelope.Recipient f = r.with(Envelope.Status.FAILED, reply, o.remoteMta());
                        updated.add(f);
                        LogKind.MAIL.log("Queue: {} to <{}> given up after {} day(s)", e.id(), r.address(), q.bounceAfterDays());
                        if (r.wants(org.switchboard.smtp.codec.SmtpCommand.Notify.FAILURE)) {
                            failed.add(new Dsn.Entry(f, Dsn.Action.FAILED, reply, o.remoteMta()));
                        }
                    } else {
                        Envelope.Recipient p = r.with(Envelope.Status.PENDING, o.reply(), o.remoteMta());
                        updated.add(p);
                        if (r.wants(org.switchboard.smtp.codec.SmtpCommand.Notify.DELAY)) delayed.add(new Dsn.Entry(p, Dsn.Action.DELAYED, o.reply(), o.remoteMta()));
                    }
                }
            }
        }
        boolean warnNow = !e.warned() && q.warnAfterHours() > 0 && !delayed.isEmpty()
                && !now.isBefore(e.arrived().plus(Duration.ofHours(q.warnAfterHours())));
        // DSNs are queued (durably) before the envelope records the outcome: a crash in between repeats, never loses.
        notify(e, failed, now, giveUp);
        notify(e, delivered, now, giveUp);
        if (warnNow) notify(e, delayed, now, giveUp);

        Envelope next = e.withRecipients(updated);
        if (next.pending().isEmpty()) {
            envelopes.remove(e.id());
            spool.remove(e.id());
            done.incrementAndGet();
            return;
        }
        long backoff = (long) q.retryMinutes() << Math.min(e.attempts(), 20);
        Instant due = now.plus(Duration.ofMinutes(Math.min(backoff, q.maxRetryMinutes())));
        if (due.isAfter(giveUp)) due = giveUp;
        next = next.afterAttempt(due, warnNow);
        spool.saveEnvelope(next);
        lock.lock();
        try {
            // "Send now" during this attempt wins over the computed retry time (on disk the later time is kept).
            if (retryRequested.remove(e.id())) next = next.dueAt(now);
            envelopes.put(e.id(), next);
            schedule.add(new Due(next.nextAttempt(), e.id()));
        } finally {
            lock.unlock();
        }
    }

    /** Queues a DSN to the sender, unless the message is itself automatic or has the null sender (RFC 3461 §6.2, RFC 5321 §4.5.5). */
    private void notify(Envelope e, List<Dsn.Entry> entries, Instant now, Instant retryUntil) throws IOException {
        if (entries.isEmpty() || e.from().isEmpty() || e.notice()) return;
        try (Spool.Writer w = spool.begin()) {
            DsnTexts.Text text = texts.choose(DsnTexts.preferredLanguages(spool.message(e.id())), settings.get().dsnLanguage());
            Dsn.write(w.output(), hostName.get(), e, spool.message(e.id()), entries, now, retryUntil, w.id(), text);
            w.output().flush();
            Envelope dsn = new Envelope(w.id(), "", List.of(Envelope.Recipient.of(e.from())), now,
                    Files.size(spool.tmpMessage(w.id())), null, null, false, true, LOCAL, null, 0, now, false, true);
            w.commit(dsn);
            queued(dsn);
            LogKind.MAIL.log("Queue: {} notice {} for {} sent to <{}>", entries.getFirst().action().name().toLowerCase(Locale.ROOT),
                    w.id(), e.id(), e.from());
        }
    }
}
