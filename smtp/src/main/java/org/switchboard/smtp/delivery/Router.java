package org.switchboard.smtp.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.Resolution;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.codec.MailAddress;
import org.switchboard.smtp.lists.ListProcessor;
import org.switchboard.smtp.lists.MailingLists;
import org.switchboard.smtp.queue.DeliveryOutcome;
import org.switchboard.smtp.queue.Envelope;
import org.switchboard.smtp.queue.MailQueue;
import org.switchboard.smtp.queue.MessageDelivery;
import org.switchboard.smtp.sieve.RuleOutcome;
import org.switchboard.smtp.sieve.UserRules;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MailStoreException;

/**
 * Routes a queued message (architecture: "routing → local or remote"): each recipient in a local
 * domain is expanded by the directory's resolver (aliases, wildcards, catch-all, groups, public
 * folders; mailing lists first, {@link ListProcessor}), mailbox targets get the message appended to INBOX with Return-Path and Delivered-To
 * (RFC 5321 §4.4); external targets of local addresses are forwarded as a new queued message
 * carrying our loop header; each mailbox owner's Sieve rules ({@link UserRules}) run first and
 * may file (also into folders shared with the owner, {@link SharedFolders}), redirect, reject or answer. Recipients in other domains go to {@link RemoteDelivery}, unless the {@link OutboundGate} holds them.
 * Stateless; called concurrently by queue workers.
 */
public final class Router implements MessageDelivery {
    /** The account public folders belong to in the mail store ({@code #public/Info} is mailbox "Info" there). */
    public static final String PUBLIC_FOLDERS = "#public";
    /** Our own trace field: present means we already forwarded this message once (loop detection). */
    static final String LOOP_HEADER = "X-Switchboard-Loop";

    private final Directory directory;
    private final MailStore store;
    private final MailQueue queue;
    private final RemoteDelivery remote;
    private final OutboundGate gate;
    private final UserRules rules;
    private final SharedFolders sharedFolders;
    private final MailingLists lists;
    private final ListProcessor listProcessor;
    private final QuotaWarnings quotaWarnings;
    private final Supplier<SmtpSettings> settings;
    private final Supplier<String> hostName;
    private final InstantSource clock;

    public Router(Directory directory, MailStore store, MailQueue queue, RemoteDelivery remote, OutboundGate gate, UserRules rules,
                  MailingLists lists, ListProcessor listProcessor, Supplier<SmtpSettings> settings, Supplier<String> hostName,
                  InstantSource clock) {
        this.lists = lists;
        this.listProcessor = listProcessor;
        this.quotaWarnings = new QuotaWarnings(directory, store, queue, hostName, clock);
        this.directory = directory;
        this.store = store;
        this.queue = queue;
        this.remote = remote;
        this.gate = gate;
        this.rules = rules;
        this.sharedFolders = new SharedFolders(directory, store);
        this.settings = settings;
        this.hostName = hostName;
        this.clock = clock;
    }

    @Override
    public List<DeliveryOutcome> deliver(Envelope envelope, Path message, List<Envelope.Recipient> recipients) {
        List<DeliveryOutcome> out = new ArrayList<>();
        List<String> outbound = new ArrayList<>();
        Set<String> mailboxesDone = new HashSet<>();
        for (Envelope.Recipient r : recipients) {
            MailAddress a = MailAddress.parse(r.address());
            var list = lists.match(r.address());
            if (list.isPresent()) {
                out.add(listProcessor.handle(envelope, message, r.address(), list.get()));
            } else if (a != null && directory.canonicalDomain(a.domainLower()).isPresent()) {
                out.add(local(envelope, message, r.address(), mailboxesDone));
            } else {
                outbound.add(r.address());
            }
        }
        if (!outbound.isEmpty() && gate.holds()) {
            // Dial-up (guide part 1 §29): the link is down between scheduled sends, so trying would only fail.
            for (String r : outbound) out.add(DeliveryOutcome.deferred(r, "451 4.4.0 Held until the next scheduled sending", null));
        } else if (!outbound.isEmpty()) {
            out.addAll(remote.deliver(envelope, message, outbound));
        }
        return out;
    }

    private DeliveryOutcome local(Envelope e, Path message, String recipient, Set<String> mailboxesDone) {
        Resolution res = directory.checkAddress(recipient);
        List<String> forwards = new ArrayList<>();
        boolean anyDelivered = false;
        String deferred = null;
        String failed = null;
        for (Resolution.Target t : res.targets()) {
            try {
                switch (t) {
                    case Resolution.Mailbox m -> {
                        if (!m.enabled()) {
                            failed = "550 5.2.1 Mailbox of " + m.address() + " is disabled";
                            continue;
                        }
                        if (!mailboxesDone.add(m.userId())) {
                            anyDelivered = true;
                            continue;
                        }
                        RuleOutcome decided = rules.run(m.userId(), m.address(), e.from(), message);
                        if (decided.reject() != null) {
                            failed = "550 5.7.1 <" + m.address() + ">: rejected by the recipient's rules: " + decided.reject();
                            continue;
                        }
                        store.ensureDefaultMailboxes(m.userId());
                        for (var target : targets(m, decided).entrySet()) append(target.getKey(), e, message, m.address(), target.getValue());
                        if (!decided.redirects().isEmpty()) {
                            String problem = forward(e, message, m.address(), decided.redirects());
                            if (problem != null) failed = problem;
                        }
                        anyDelivered = true;
                        if (!e.notice()) quotaWarnings.check(m.userId());
                    }
                    case Resolution.PublicFolder f -> {
                        String name = f.path().substring("#public/".length());
                        var box = store.mailbox(PUBLIC_FOLDERS, name);
                        long id = box.isPresent() ? box.get().id() : store.create(PUBLIC_FOLDERS, name, null).id();
                        append(id, e, message, recipient, Set.of());
                        anyDelivered = true;
                    }
                    case Resolution.External x -> forwards.add(x.address());
                    case Resolution.Unknown u -> failed = "550 5.1.1 <" + u.address() + ">: Recipient address rejected: no such user";
                }
            } catch (MailStoreException.QuotaExceeded q) {
                if (t instanceof Resolution.Mailbox m && !e.notice()) quotaWarnings.check(m.userId());
                if (settings.get().overQuotaPermanent()) failed = "552 5.2.2 Mailbox full: " + q.getMessage();
                else deferred = "452 4.2.2 Mailbox full: " + q.getMessage();
            } catch (MailStoreException.TooLarge big) {
                failed = "552 5.3.4 Message too large for the mailbox: " + big.getMessage();
            } catch (IOException | RuntimeException ex) {
                LogKind.WARNING.log("Local delivery of {} to {} failed: {}", e.id(), recipient, ex.toString());
                deferred = "451 4.3.0 Local delivery failed: " + ex.getMessage();
            }
        }
        if (!forwards.isEmpty()) {
            String problem = forward(e, message, recipient, forwards);
            if (problem != null) failed = problem;
            else anyDelivered = true;
        }
        // A temporary problem with one target retries the recipient: at-least-once, never silently partial.
        if (deferred != null) return DeliveryOutcome.deferred(recipient, deferred, null);
        if (anyDelivered) return DeliveryOutcome.delivered(recipient, "250 2.0.0 Delivered" + (res.loop() ? " (alias loop stopped)" : ""), null);
        if (failed != null) return DeliveryOutcome.failed(recipient, failed, null);
        return DeliveryOutcome.failed(recipient, "550 5.1.1 <" + recipient + ">: no deliverable target", null);
    }

    /** Mailbox ids to append to with their flags, one entry per mailbox (RFC 5228 §2.10.3: never twice into one). */
    private Map<Long, Set<String>> targets(Resolution.Mailbox m, RuleOutcome decided) {
        Map<Long, Set<String>> out = new LinkedHashMap<>();
        for (RuleOutcome.Filing filing : decided.filings()) {
            long id;
            Set<String> flags = filing.flags();
            if (SharedFolders.names(filing.folder())) {
                var shared = sharedFolders.insertable(m.userId(), filing.folder(), flags);
                if (shared.isPresent()) {
                    id = shared.get().mailboxId();
                    flags = shared.get().flags();
                } else {
                    // RFC 5228 §4.1: a folder that cannot be found (or, here, not written to) means keep.
                    LogKind.MAIL.log("Sieve fileinto \"{}\" for {}: no such folder or no insert right; kept in INBOX", filing.folder(), m.address());
                    id = inbox(m);
                }
            } else {
                var box = store.mailbox(m.userId(), filing.folder());
                if (box.isPresent()) id = box.get().id();
                else if (filing.folder().equals(RuleOutcome.INBOX)) id = inbox(m);
                // RFC 5228 §4.1: fileinto a folder that does not exist yet creates it.
                else id = store.create(m.userId(), filing.folder(), null).id();
            }
            out.computeIfAbsent(id, x -> new LinkedHashSet<>()).addAll(flags);
        }
        return out;
    }

    private long inbox(Resolution.Mailbox m) {
        return store.mailbox(m.userId(), RuleOutcome.INBOX).orElseThrow(() -> new MailStoreException.NotFound("INBOX of " + m.address())).id();
    }

    private void append(long mailboxId, Envelope e, Path message, String deliveredTo, Set<String> flags) throws IOException {
        // RFC 5321 §4.4: the final delivery adds Return-Path with the reverse path.
        byte[] trace = ("Return-Path: <" + e.from() + ">\r\nDelivered-To: " + deliveredTo + "\r\n").getBytes(StandardCharsets.UTF_8);
        try (InputStream body = Files.newInputStream(message);
             InputStream raw = new SequenceInputStream(new ByteArrayInputStream(trace), body)) {
            store.append(mailboxId, raw, flags, clock.instant(), MailStore.Source.SMTP_DELIVERY, Long.MAX_VALUE);
        }
    }

    /** Queues a copy for the external targets; null on success, else the refusal (a loop). */
    private String forward(Envelope e, Path message, String recipient, List<String> targets) {
        String marker = hostName.get().toLowerCase(Locale.ROOT);
        try {
            if (Headers.values(message, LOOP_HEADER).stream().anyMatch(v -> v.trim().toLowerCase(Locale.ROOT).equals(marker))) {
                LogKind.MAIL.log("Mail loop: {} to <{}> already passed {}; not forwarded again", e.id(), recipient, marker);
                return "554 5.4.6 Mail loop detected: the message was already forwarded by " + marker;
            }
            byte[] trace = (LOOP_HEADER + ": " + marker + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try (InputStream body = Files.newInputStream(message);
                 InputStream raw = new SequenceInputStream(new ByteArrayInputStream(trace), body)) {
                String id = queue.submit(e.from(), List.copyOf(new LinkedHashSet<>(targets)), raw, e.notice());
                LogKind.MAIL.log("Forwarded {} for <{}> to {} as {}", e.id(), recipient, targets, id);
            }
            return null;
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
