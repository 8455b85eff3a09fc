package org.switchboard.smtp.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.Quota;
import org.switchboard.core.directory.User;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.queue.MailQueue;
import org.switchboard.store.mail.MailStore;

/**
 * Warns users whose mailbox passes their quota's warning percentage (guide part 1 §18.5), at most
 * once a day each, with a notice queued like any message (so it lands while there is still room).
 * Thread-safe; the "last warned" times live in memory, so a restart may warn once more.
 */
final class QuotaWarnings {
    private static final Duration INTERVAL = Duration.ofHours(24);
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Directory directory;
    private final MailStore store;
    private final MailQueue queue;
    private final Supplier<String> hostName;
    private final InstantSource clock;
    private final Map<String, Instant> warned = new ConcurrentHashMap<>();

    QuotaWarnings(Directory directory, MailStore store, MailQueue queue, Supplier<String> hostName, InstantSource clock) {
        this.directory = directory;
        this.store = store;
        this.queue = queue;
        this.hostName = hostName;
        this.clock = clock;
    }

    /** After a delivery (or a refusal for a full mailbox) to {@code userId}. */
    void check(String userId) {
        User u = directory.userById(userId).orElse(null);
        if (u == null) return;
        Quota q = u.quota();
        if (q.storageBytes() == 0 && q.messages() == 0) return;
        MailStore.Usage usage = store.usage(userId);
        int percent = (int) Math.max(q.storageBytes() == 0 ? 0 : usage.bytes() * 100 / q.storageBytes(),
                q.messages() == 0 ? 0 : usage.messages() * 100 / q.messages());
        if (percent < q.warningPercent()) return;
        Instant now = clock.instant();
        Instant last = warned.get(userId);
        if (last != null && now.isBefore(last.plus(INTERVAL))) return;
        warned.put(userId, now);
        String text = "Your mailbox " + u.address() + " is " + Math.min(percent, 100) + "% full"
                + (percent >= 100 ? " and cannot take new messages." : ".") + "\r\nPlease delete messages you no longer need.\r\n";
        String message = "From: Mail System <postmaster@" + u.domain() + ">\r\nTo: <" + u.address() + ">\r\n"
                + "Subject: Your mailbox is almost full\r\nDate: " + DATE.format(now) + "\r\n"
                + "Message-ID: <" + UUID.randomUUID() + ".quota@" + hostName.get() + ">\r\nAuto-Submitted: auto-generated\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text;
        try {
            queue.submit("", List.of(u.address()), new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)), true);
            LogKind.MAIL.log("Quota warning sent to {} ({}% used)", u.address(), percent);
        } catch (IOException e) {
            LogKind.WARNING.log("Quota warning to {} could not be queued: {}", u.address(), e.getMessage());
        }
    }
}
