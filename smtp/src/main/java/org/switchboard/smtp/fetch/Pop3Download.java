package org.switchboard.smtp.fetch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.delivery.Headers;
import org.switchboard.smtp.queue.MailQueue;

/**
 * Downloads one remote POP3 mailbox into the queue (guide part 1 §27), so aliases, Sieve rules and
 * quotas apply as to any incoming mail. Each new message (by UIDL) is fetched into a temporary
 * file, sorted, queued durably, remembered, and only then deleted on the server; the deletion is
 * committed by QUIT. Messages already queued but still on the server (an earlier session died
 * before QUIT) are deleted without being fetched again. Stateless between runs apart from
 * {@link SeenUids}; the caller runs one download per account at a time.
 */
final class Pop3Download {
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final MailQueue queue;
    private final Supplier<FetchSettings> settings;
    private final Function<String, String> openSecret;
    private final Supplier<String> hostName;
    private final Path dir;
    private final InstantSource clock;
    private final Duration timeout;

    Pop3Download(MailQueue queue, Supplier<FetchSettings> settings, Function<String, String> openSecret, Supplier<String> hostName,
                 Path dir, InstantSource clock, Duration timeout) {
        this.queue = queue;
        this.settings = settings;
        this.openSecret = openSecret;
        this.hostName = hostName;
        this.dir = dir;
        this.clock = clock;
        this.timeout = timeout;
    }

    RunReport.Pop3Result run(Pop3Account a) {
        int downloaded = 0;
        int deleted = 0;
        int skipped = 0;
        int discarded = 0;
        String error = null;
        try (Pop3Client c = Pop3Client.connect(a.server(), a.port(), a.tls(), a.verifyCertificate(), timeout)) {
            c.login(a.user(), openSecret.apply(a.sealedPassword()));
            Map<Integer, String> uids = c.uidl();
            Map<Integer, Long> sizes = c.list();
            SeenUids seen = SeenUids.open(dir.resolve("pop3"), a.user(), a.server(), a.port());
            seen.retainOnly(new HashSet<>(uids.values()));
            Files.createDirectories(dir.resolve("tmp"));
            for (Map.Entry<Integer, String> m : uids.entrySet()) {
                int number = m.getKey();
                String uid = m.getValue();
                if (seen.contains(uid)) {
                    if (!a.leaveOnServer()) {
                        c.delete(number);
                        deleted++;
                    }
                    continue;
                }
                if (a.maxMessages() > 0 && downloaded + discarded >= a.maxMessages()) {
                    skipped++;
                    continue;
                }
                long size = sizes.getOrDefault(number, 0L);
                if (size > a.maxMessageBytes()) {
                    LogKind.WARNING.log("POP3 download {}: message {} on {} is {} octets, above the limit of {}; left on the server",
                            a.name(), uid, a.server(), size, a.maxMessageBytes());
                    skipped++;
                    continue;
                }
                boolean delivered = fetch(c, a, number, uid);
                if (delivered) downloaded++;
                else discarded++;
                seen.add(uid);
                if (!a.leaveOnServer()) {
                    c.delete(number);
                    deleted++;
                }
            }
            c.quit();
        } catch (IOException | RuntimeException e) {
            // Whatever a remote server sends ends here as a logged error, never in the scheduler's thread.
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            // Nothing was deleted unless QUIT succeeded; what was queued is remembered and deleted next time.
            deleted = 0;
            LogKind.WARNING.log("POP3 download {} from {}:{} failed: {}", a.name(), a.server(), a.port(), error);
        }
        LogKind.MAIL.log("POP3 download {} ({}@{}:{}): {} downloaded, {} deleted on the server, {} left for later, {} discarded{}",
                a.name(), a.user(), a.server(), a.port(), downloaded, deleted, skipped, discarded, error == null ? "" : ", error: " + error);
        return new RunReport.Pop3Result(a.name(), downloaded, deleted, skipped, discarded, error);
    }

    /** Fetches, sorts and queues one message; false when no sorting rule wanted it (guide: discarded). */
    private boolean fetch(Pop3Client c, Pop3Account a, int number, String uid) throws IOException {
        Path tmp = Files.createTempFile(dir.resolve("tmp"), "pop3-", ".eml");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                c.retrieve(number, out, a.maxMessageBytes());
            }
            List<String> recipients = recipients(a, tmp);
            if (recipients.isEmpty()) {
                LogKind.MAIL.log("POP3 download {}: message {} matches no sorting rule and there is no * rule; discarded", a.name(), uid);
                return false;
            }
            String from = returnPath(tmp);
            // RFC 5321 §4.4: each hop that takes a message in adds its trace field.
            String received = "Received: from " + a.server() + " by " + hostName.get() + " (Switchboard) with POP3 id " + uid
                    + "\r\n\tfor <" + String.join(">, <", recipients) + ">; " + DATE.format(clock.instant().atOffset(ZoneOffset.UTC)) + "\r\n";
            try (InputStream in = new SequenceInputStream(new ByteArrayInputStream(received.getBytes(StandardCharsets.UTF_8)),
                    Files.newInputStream(tmp))) {
                String id = queue.receive("pop3:" + a.server(), from, recipients, in, from.isEmpty());
                LogKind.MAIL.log("POP3 download {}: message {} from <{}> queued as {} for {}", a.name(), uid, from, id, recipients);
            }
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private List<String> recipients(Pop3Account a, Path message) throws IOException {
        if (a.deliverTo() != null) return List.of(a.deliverTo());
        FetchSettings s = settings.get();
        List<String> values = new ArrayList<>();
        for (String h : s.sortHeaders()) values.addAll(Headers.values(message, h));
        List<String> received = s.useReceivedHeaders() ? Headers.values(message, "Received") : List.of();
        List<String> addresses = new ArrayList<>(Sorting.addresses(values, received));
        // The drop mailbox's own address (a provider's Delivered-To) would sort the message back into it: a loop.
        addresses.remove(a.user().toLowerCase(java.util.Locale.ROOT));
        return Sorting.recipients(addresses, s.sortingRules());
    }

    /** The original envelope sender from Return-Path (RFC 5322 §3.6.7), or "" (no bounces) when absent. */
    private static String returnPath(Path message) throws IOException {
        List<String> v = Headers.values(message, "Return-Path");
        if (v.isEmpty()) return "";
        String p = v.getFirst().strip();
        if (p.startsWith("<") && p.endsWith(">")) p = p.substring(1, p.length() - 1);
        return p.matches("[^@\\s<>]+@[^@\\s<>]+") ? p : "";
    }
}
