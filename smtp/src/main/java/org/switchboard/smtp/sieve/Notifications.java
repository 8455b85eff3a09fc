package org.switchboard.smtp.sieve;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.EncoderUtil;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.queue.MailQueue;

/**
 * The notify action's one method, mailto (RFC 5435 enotify, RFC 5436): a short message queued
 * to the URI's addresses, marked Auto-Submitted: auto-notified with the null reverse path, and
 * never sent about mail that is itself automatic (RFC 5436 §2.7), so notifications cannot loop.
 * Thread-safe: it only submits to the queue.
 */
final class Notifications {
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>()\",;:]{1,64}@[A-Za-z0-9.-]{1,253}");
    private static final int MAX_RECIPIENTS = 8;

    private final MailQueue queue;
    private final Supplier<String> hostName;
    private final InstantSource clock;

    Notifications(MailQueue queue, Supplier<String> hostName, InstantSource clock) {
        this.queue = queue;
        this.hostName = hostName;
        this.clock = clock;
    }

    record Mailto(List<String> to, String subject) {}

    /** True for a mailto URI (RFC 6068) with 1 to 8 plausible addresses. */
    static boolean valid(String uri) {
        return parse(uri) != null;
    }

    static Mailto parse(String uri) {
        if (uri == null || uri.length() > 2048 || !uri.regionMatches(true, 0, "mailto:", 0, 7)) return null;
        String rest = uri.substring(7);
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        List<String> to = new ArrayList<>();
        String subject = null;
        try {
            for (String a : path.split(",")) if (!a.isBlank()) to.add(URLDecoder.decode(a.replace("+", "%2B"), StandardCharsets.UTF_8).trim());
            if (q >= 0) {
                for (String field : rest.substring(q + 1).split("&")) {
                    int eq = field.indexOf('=');
                    if (eq <= 0) continue;
                    String name = field.substring(0, eq).toLowerCase(Locale.ROOT);
                    String value = URLDecoder.decode(field.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
                    if (name.equals("to")) for (String a : value.split(",")) if (!a.isBlank()) to.add(a.trim());
                    if (name.equals("subject")) subject = value;
                }
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (to.isEmpty() || to.size() > MAX_RECIPIENTS || !to.stream().allMatch(a -> ADDRESS.matcher(a).matches())) return null;
        return new Mailto(List.copyOf(to), subject);
    }

    void send(String userAddress, ParsedMessage original, SieveAction.Notify n) {
        String auto = original.first("Auto-Submitted");
        if (auto != null && !auto.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
            LogKind.debug("sieve", "notification of {} not sent: the message is automatic ({})", userAddress, auto);
            return;
        }
        Mailto target = parse(n.method());
        if (target == null) return;
        String originalSubject = original.first("Subject") == null ? "" : original.first("Subject");
        String originalFrom = original.first("From") == null ? "" : original.first("From");
        // RFC 5436 §2.7: the subject is the :message when given, else the URI's, else a summary.
        String subject = n.message() != null ? n.message()
                : target.subject() != null ? target.subject() : "New mail from " + originalFrom + ": " + originalSubject;
        subject = subject.replace("\r", " ").replace("\n", " ");
        if (subject.length() > 256) subject = subject.substring(0, 256);
        String from = n.from() != null && ADDRESS.matcher(n.from().replaceAll("^<|>$", "")).matches() ? n.from() : "<" + userAddress + ">";
        StringBuilder h = new StringBuilder();
        h.append("From: ").append(from).append("\r\n");
        h.append("To: ").append(String.join(", ", target.to())).append("\r\n");
        h.append("Subject: ").append(EncoderUtil.encodeIfNecessary(subject, EncoderUtil.Usage.TEXT_TOKEN, 9)).append("\r\n");
        h.append("Date: ").append(DATE.format(clock.instant())).append("\r\n");
        h.append("Message-ID: <").append(UUID.randomUUID()).append(".notify@").append(hostName.get()).append(">\r\n");
        h.append("Auto-Submitted: auto-notified\r\n");
        if ("1".equals(n.importance())) h.append("Importance: high\r\n");
        h.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        h.append(subject).append("\r\n\r\nFrom: ").append(originalFrom).append("\r\nSubject: ").append(originalSubject).append("\r\n");
        try {
            String id = queue.submit("", target.to(), new ByteArrayInputStream(h.toString().getBytes(StandardCharsets.UTF_8)), true);
            LogKind.MAIL.log("Notification {} from {} to {} queued", id, userAddress, target.to());
        } catch (java.io.IOException | RuntimeException e) {
            LogKind.WARNING.log("Notification from {} to {} failed: {}", userAddress, target.to(), e.getMessage());
        }
    }
}
