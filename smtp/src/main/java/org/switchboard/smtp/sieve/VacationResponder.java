package org.switchboard.smtp.sieve;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.james.mime4j.codec.EncoderUtil;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.queue.MailQueue;

/**
 * The vacation action (RFC 5230): answers a sender at most once per {@code :days} (default 7),
 * never to the null sender, automatic mail (RFC 3834 §2: Auto-Submitted), bulk or list mail
 * (Precedence, List-* fields), list robots (owner-*, *-request, MAILER-DAEMON), nor to mail that
 * does not name the user in To/Cc/Bcc (RFC 5230 §4.5). Replies carry Auto-Submitted: auto-replied
 * and In-Reply-To (RFC 3834 §3.1), travel with the null reverse path, and are queued like any
 * message. The "already answered" memory is a file per account; {@code lock} guards it.
 */
public final class VacationResponder {
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final List<String> LIST_FIELDS = List.of("List-Id", "List-Help", "List-Unsubscribe", "List-Subscribe",
            "List-Post", "List-Owner", "List-Archive");

    private final Path dir;
    private final MailQueue queue;
    private final Supplier<String> hostName;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();

    public VacationResponder(Path dir, MailQueue queue, Supplier<String> hostName, InstantSource clock) throws IOException {
        this.dir = dir;
        this.queue = queue;
        this.hostName = hostName;
        this.clock = clock;
        Files.createDirectories(dir);
    }

    /** Notifications (RFC 5435) travel the same way as vacation replies: queued with the null sender. */
    Notifications notifications() {
        return new Notifications(queue, hostName, clock);
    }

    void respond(String account, String userAddress, String sender, ParsedMessage message, SieveAction.Vacation v) {
        String why = refusal(userAddress, sender, message, v);
        if (why != null) {
            LogKind.debug("sieve", "vacation of {} not sent to <{}>: {}", userAddress, sender, why);
            return;
        }
        int days = v.days();
        String handle = v.handle() != null ? v.handle() : Integer.toHexString((String.valueOf(v.subject()) + "\0" + v.reason()).hashCode());
        String key = sender.toLowerCase(Locale.ROOT) + "\t" + handle;
        lock.lock();
        try {
            Path memory = dir.resolve(account + ".vacation");
            Instant now = clock.instant();
            if (Files.exists(memory)) {
                for (String line : Files.readAllLines(memory, StandardCharsets.UTF_8)) {
                    int tab = line.lastIndexOf('\t');
                    if (tab > 0 && line.substring(0, tab).equals(key)
                            && now.isBefore(Instant.ofEpochSecond(Long.parseLong(line.substring(tab + 1))).plus(Duration.ofDays(days)))) {
                        LogKind.debug("sieve", "vacation of {} already answered <{}> within {} days", userAddress, sender, days);
                        return;
                    }
                }
            }
            String id = queue.submit("", List.of(sender), new ByteArrayInputStream(reply(userAddress, sender, message, v)), true);
            Files.writeString(memory, key + "\t" + now.getEpochSecond() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            LogKind.MAIL.log("Vacation reply {} from {} to <{}> queued", id, userAddress, sender);
        } catch (IOException | RuntimeException e) {
            LogKind.WARNING.log("Vacation reply from {} to <{}> failed: {}", userAddress, sender, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** Null when a reply is allowed, else the reason (RFC 5230 §4.5, RFC 3834 §2). */
    static String refusal(String userAddress, String sender, ParsedMessage m, SieveAction.Vacation v) {
        if (sender == null || sender.isEmpty()) return "null sender";
        String s = sender.toLowerCase(Locale.ROOT);
        if (s.equals(userAddress.toLowerCase(Locale.ROOT))) return "the sender is the user";
        String local = s.contains("@") ? s.substring(0, s.lastIndexOf('@')) : s;
        if (local.equals("mailer-daemon") || local.equals("listserv") || local.equals("majordomo")
                || local.startsWith("owner-") || local.endsWith("-request")) {
            return "the sender is a mail robot";
        }
        String auto = m.first("Auto-Submitted");
        if (auto != null && !auto.trim().toLowerCase(Locale.ROOT).startsWith("no")) return "automatic message (Auto-Submitted)";
        String precedence = m.first("Precedence");
        if (precedence != null && List.of("bulk", "list", "junk").contains(precedence.trim().toLowerCase(Locale.ROOT))) return "bulk or list mail";
        for (String f : LIST_FIELDS) if (m.first(f) != null) return "mailing list message (" + f + ")";
        List<String> mine = new java.util.ArrayList<>();
        mine.add(userAddress.toLowerCase(Locale.ROOT));
        v.addresses().forEach(a -> mine.add(a.toLowerCase(Locale.ROOT)));
        boolean named = false;
        for (String field : List.of("To", "Cc", "Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc")) {
            for (String value : m.values(field)) {
                String lower = value.toLowerCase(Locale.ROOT);
                if (mine.stream().anyMatch(lower::contains)) named = true;
            }
        }
        return named ? null : "the user is not named in To, Cc or Bcc";
    }

    private byte[] reply(String userAddress, String sender, ParsedMessage original, SieveAction.Vacation v) {
        String subject = v.subject();
        if (subject == null || subject.isBlank()) {
            // RFC 5230 §5.4: the default subject is "Auto:" and the original subject.
            String o = original.first("Subject");
            subject = "Auto: " + (o == null ? "" : o);
        }
        StringBuilder h = new StringBuilder();
        h.append("From: ").append(v.from() != null ? v.from() : "<" + userAddress + ">").append("\r\n");
        h.append("To: <").append(sender).append(">\r\n");
        h.append("Subject: ").append(EncoderUtil.encodeIfNecessary(subject, EncoderUtil.Usage.TEXT_TOKEN, 9)).append("\r\n");
        h.append("Date: ").append(DATE.format(clock.instant())).append("\r\n");
        h.append("Message-ID: <").append(UUID.randomUUID()).append(".vacation@").append(hostName.get()).append(">\r\n");
        String messageId = original.first("Message-ID");
        if (messageId != null) {
            h.append("In-Reply-To: ").append(messageId).append("\r\n");
            h.append("References: ").append(messageId).append("\r\n");
        }
        h.append("Auto-Submitted: auto-replied (vacation)\r\n");
        h.append("MIME-Version: 1.0\r\n");
        String reason = v.reason().replace("\r\n", "\n").replace("\n", "\r\n");
        // RFC 5230 §5.8: with :mime the reason is a whole MIME entity, its own header included.
        if (!v.mime()) h.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        h.append(reason).append("\r\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }
}
