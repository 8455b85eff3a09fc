package org.switchboard.smtp.lists;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.switchboard.core.json.Json;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.queue.DeliveryOutcome;
import org.switchboard.smtp.queue.Envelope;
import org.switchboard.smtp.queue.MailQueue;
import org.switchboard.store.mail.MailStore;

/**
 * Mail to a list and its special addresses (guide part 1 §19). Subscribing and unsubscribing
 * are confirmed by mail (a reply to {@code name-confirm+TOKEN}, so nobody can sign up or remove
 * someone else); moderated posts and subscriptions wait for a moderator's reply to such an
 * address. Posts go out with RFC 2369/2919 List-* fields and Precedence: list, the footer,
 * header substitution and the Reply-To policy, from {@code name-owner} so bounces reach the owner.
 * Pending requests are files under {@code <data>/lists/pending}. Thread-safe.
 */
public final class ListProcessor {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final int MAX_HEADER = 256 * 1024;

    enum Kind { SUBSCRIBE, UNSUBSCRIBE, APPROVE_SUBSCRIBE, APPROVE_POST }

    record Pending(Kind kind, String list, String address, Instant created) {}

    private final MailingLists lists;
    private final MailQueue queue;
    private final MailStore store;
    private final Path pending;
    private final Supplier<String> hostName;
    private final InstantSource clock;

    public ListProcessor(MailingLists lists, MailQueue queue, MailStore store, Path pendingDir, Supplier<String> hostName,
                         InstantSource clock) throws IOException {
        this.lists = lists;
        this.queue = queue;
        this.store = store;
        this.pending = pendingDir;
        this.hostName = hostName;
        this.clock = clock;
        Files.createDirectories(pendingDir);
    }

    public DeliveryOutcome handle(Envelope e, Path message, String recipient, MailingLists.Match m) {
        try {
            return switch (m.role()) {
                case POST -> post(e, message, recipient, m.list());
                case SUBSCRIBE -> request(e, recipient, m.list(), Kind.SUBSCRIBE);
                case UNSUBSCRIBE -> request(e, recipient, m.list(), Kind.UNSUBSCRIBE);
                case HELP -> help(e, recipient, m.list());
                case OWNER -> owners(e, message, recipient, m.list());
                case CONFIRM -> confirm(e, recipient, m.list(), m.token());
            };
        } catch (IOException ex) {
            return DeliveryOutcome.deferred(recipient, "451 4.3.0 Mailing list processing failed: " + ex.getMessage(), null);
        }
    }

    private DeliveryOutcome post(Envelope e, Path message, String recipient, MailingList l) throws IOException {
        String sender = e.from();
        byte[] head = header(message);
        String headText = new String(head, StandardCharsets.UTF_8);
        if (field(headText, "List-Id").map(v -> v.contains("<" + listId(l) + ">")).orElse(false)) {
            return DeliveryOutcome.failed(recipient, "554 5.4.6 Mail loop: the message already went through " + l.address(), null);
        }
        if (l.rejectWithoutSubject() && field(headText, "Subject").map(String::isBlank).orElse(true)) {
            return DeliveryOutcome.failed(recipient, "550 5.7.1 " + l.address() + " does not accept messages without a subject", null);
        }
        if (!l.openPosting() && !l.isMember(sender) && !l.isModerator(sender)) {
            LogKind.MAIL.log("List {}: post from <{}> refused: not a member", l.address(), sender);
            return DeliveryOutcome.failed(recipient, "550 5.7.1 Only members may post to " + l.address(), null);
        }
        if (l.moderatedPosts() && !l.isModerator(sender)) {
            String token = newToken();
            Files.copy(message, pending.resolve(token + ".eml"), StandardCopyOption.REPLACE_EXISTING);
            save(token, new Pending(Kind.APPROVE_POST, l.address(), sender, clock.instant()));
            String subject = field(headText, "Subject").orElse("");
            for (String mod : l.moderators()) {
                notice(l, mod, "Post to " + l.address() + " awaits approval",
                        "<" + sender + "> sent a post to " + l.address() + ":\r\n  Subject: " + subject
                                + "\r\n\r\nTo approve it, reply to this message (any text).\r\nTo reject it, do nothing.", token);
            }
            LogKind.MAIL.log("List {}: post from <{}> held for moderation ({})", l.address(), sender, token);
            return DeliveryOutcome.delivered(recipient, "250 2.0.0 Held for moderation", null);
        }
        distribute(l, message, sender);
        return DeliveryOutcome.delivered(recipient, "250 2.0.0 Distributed to " + l.members().size() + " member(s)", null);
    }

    private void distribute(MailingList l, Path message, String sender) throws IOException {
        byte[] head = header(message);
        String original = new String(head, StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder();
        h.append("List-Id: ").append(l.description().isBlank() ? "" : l.description().replaceAll("[\\r\\n<>]", " ") + " ")
                .append('<').append(listId(l)).append(">\r\n");
        h.append("List-Post: <mailto:").append(l.address()).append(">\r\n");
        h.append("List-Help: <mailto:").append(l.special("help")).append(">\r\n");
        h.append("List-Subscribe: <mailto:").append(l.special("subscribe")).append(">\r\n");
        h.append("List-Unsubscribe: <mailto:").append(l.special("unsubscribe")).append(">\r\n");
        h.append("Precedence: list\r\n");
        String from = field(original, "From").orElse("<" + sender + ">");
        if (l.hideSender()) h.append("From: <").append(l.address()).append(">\r\n");
        if (l.replyTo() == MailingList.ReplyTo.LIST) h.append("Reply-To: <").append(l.address()).append(">\r\n");
        else if (l.hideSender()) h.append("Reply-To: ").append(from).append("\r\n");
        boolean dropFrom = l.hideSender();
        boolean dropReplyTo = l.replyTo() == MailingList.ReplyTo.LIST || l.hideSender();
        for (String f : fields(original)) {
            String name = f.substring(0, Math.max(f.indexOf(':'), 0)).trim().toLowerCase(Locale.ROOT);
            if (name.startsWith("list-") || name.equals("precedence") || (dropFrom && name.equals("from"))
                    || (dropReplyTo && name.equals("reply-to"))) {
                continue;
            }
            h.append(f).append("\r\n");
        }
        h.append("\r\n");
        String contentType = field(original, "Content-Type").orElse("text/plain").toLowerCase(Locale.ROOT);
        String encoding = field(original, "Content-Transfer-Encoding").orElse("7bit").toLowerCase(Locale.ROOT);
        byte[] footer = !l.footer().isBlank() && contentType.startsWith("text/plain") && !encoding.contains("base64")
                ? ("\r\n" + l.footer().replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        long bodyOffset = head.length;
        List<String> members = l.members().stream().map(MailingList.Member::email).toList();
        if (!members.isEmpty()) {
            try (InputStream body = Files.newInputStream(message)) {
                body.skipNBytes(Math.min(bodyOffset, Files.size(message)));
                InputStream all = new SequenceInputStream(Collections.enumeration(List.of(
                        new ByteArrayInputStream(h.toString().getBytes(StandardCharsets.UTF_8)), body, new ByteArrayInputStream(footer))));
                String id = queue.submit(l.special("owner"), members, all, false);
                LogKind.MAIL.log("List {}: post from <{}> distributed to {} member(s) as {}", l.address(), sender, members.size(), id);
            }
        }
        if (l.archive()) {
            String folder = "Lists/" + l.name();
            var box = store.mailbox(org.switchboard.smtp.delivery.Router.PUBLIC_FOLDERS, folder);
            long id = box.isPresent() ? box.get().id() : store.create(org.switchboard.smtp.delivery.Router.PUBLIC_FOLDERS, folder, null).id();
            try (InputStream body = Files.newInputStream(message)) {
                body.skipNBytes(Math.min(bodyOffset, Files.size(message)));
                store.append(id, new SequenceInputStream(new ByteArrayInputStream(h.toString().getBytes(StandardCharsets.UTF_8)), body),
                        java.util.Set.of(), clock.instant(), MailStore.Source.SMTP_DELIVERY, Long.MAX_VALUE);
            }
        }
    }

    /** Subscribe or unsubscribe: the requester confirms by replying, so a forged sender achieves nothing. */
    private DeliveryOutcome request(Envelope e, String recipient, MailingList l, Kind kind) throws IOException {
        String who = e.from();
        if (who.isEmpty()) return DeliveryOutcome.delivered(recipient, "250 2.0.0 Ignored (null sender)", null);
        if (kind == Kind.SUBSCRIBE && l.isMember(who)) {
            notice(l, who, "You are already subscribed to " + l.address(), "Your address is already on the list.", null);
        } else if (kind == Kind.UNSUBSCRIBE && !l.isMember(who)) {
            notice(l, who, "You are not subscribed to " + l.address(), "Your address is not on the list.", null);
        } else {
            String token = newToken();
            save(token, new Pending(kind, l.address(), who, clock.instant()));
            String what = kind == Kind.SUBSCRIBE ? "subscribe to" : "unsubscribe from";
            notice(l, who, "Confirm: " + what + " " + l.address(),
                    "Someone (hopefully you) asked to " + what + " " + l.address() + ".\r\nTo confirm, reply to this message."
                            + "\r\nIf you did not ask for this, ignore it.", token);
        }
        return DeliveryOutcome.delivered(recipient, "250 2.0.0 Request processed", null);
    }

    private DeliveryOutcome confirm(Envelope e, String recipient, MailingList l, String token) throws IOException {
        Path file = pending.resolve(token + ".json");
        if (!Files.exists(file)) return DeliveryOutcome.failed(recipient, "550 5.7.1 Unknown or expired confirmation", null);
        Pending p = Json.read(Files.readString(file), Pending.class);
        if (!p.list().equals(l.address())) return DeliveryOutcome.failed(recipient, "550 5.7.1 Unknown or expired confirmation", null);
        boolean needsModerator = p.kind() == Kind.APPROVE_POST || p.kind() == Kind.APPROVE_SUBSCRIBE;
        if (needsModerator && !l.isModerator(e.from())) {
            return DeliveryOutcome.failed(recipient, "550 5.7.1 Only a moderator of " + l.address() + " may approve this", null);
        }
        switch (p.kind()) {
            case SUBSCRIBE -> {
                if (l.moderatedSubscriptions()) {
                    String approval = newToken();
                    save(approval, new Pending(Kind.APPROVE_SUBSCRIBE, l.address(), p.address(), clock.instant()));
                    for (String mod : l.moderators()) {
                        notice(l, mod, "Subscription to " + l.address() + " awaits approval",
                                "<" + p.address() + "> asked to join " + l.address() + ".\r\nTo approve, reply to this message.", approval);
                    }
                    notice(l, p.address(), "Your subscription to " + l.address() + " awaits approval", "A moderator will review it.", null);
                } else {
                    subscribe(l, p.address());
                }
            }
            case APPROVE_SUBSCRIBE -> subscribe(l, p.address());
            case UNSUBSCRIBE -> {
                lists.setMember(l.address(), p.address(), null, false);
                notice(l, p.address(), "You have left " + l.address(), "You will receive no more messages from this list.", null);
                LogKind.MAIL.log("List {}: <{}> unsubscribed", l.address(), p.address());
            }
            case APPROVE_POST -> {
                Path held = pending.resolve(token + ".eml");
                MailingList current = lists.get(l.address()).orElse(l);
                distribute(current, held, p.address());
                Files.deleteIfExists(held);
                LogKind.MAIL.log("List {}: held post from <{}> approved by <{}>", l.address(), p.address(), e.from());
            }
        }
        Files.deleteIfExists(file);
        return DeliveryOutcome.delivered(recipient, "250 2.0.0 Confirmed", null);
    }

    private void subscribe(MailingList l, String address) throws IOException {
        lists.setMember(l.address(), address, null, true);
        String welcome = l.welcome().isBlank() ? "Welcome to " + l.address() + "." : l.welcome();
        notice(l, address, "Welcome to " + l.address(), welcome + "\r\n\r\nTo leave, send a message to " + l.special("unsubscribe") + ".", null);
        LogKind.MAIL.log("List {}: <{}> subscribed", l.address(), address);
    }

    private DeliveryOutcome help(Envelope e, String recipient, MailingList l) throws IOException {
        if (!e.from().isEmpty()) {
            notice(l, e.from(), "Help for " + l.address(), String.join("\r\n",
                    "Addresses of this list:",
                    "  " + l.address() + "  post to the members",
                    "  " + l.special("subscribe") + "  join (you will be asked to confirm)",
                    "  " + l.special("unsubscribe") + "  leave (you will be asked to confirm)",
                    "  " + l.special("owner") + "  write to the moderators",
                    "An empty message is enough."), null);
        }
        return DeliveryOutcome.delivered(recipient, "250 2.0.0 Help sent", null);
    }

    private DeliveryOutcome owners(Envelope e, Path message, String recipient, MailingList l) throws IOException {
        if (l.moderators().isEmpty()) return DeliveryOutcome.failed(recipient, "550 5.1.1 " + l.address() + " has no moderators", null);
        try (InputStream in = Files.newInputStream(message)) {
            queue.submit(e.from(), l.moderators(), in, e.notice());
        }
        return DeliveryOutcome.delivered(recipient, "250 2.0.0 Forwarded to the moderators", null);
    }

    /** An automatic message from the list (RFC 3834 §5: Auto-Submitted) with an optional confirmation reply address. */
    private void notice(MailingList l, String to, String subject, String text, String token) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("From: <").append(l.special("owner")).append(">\r\n");
        b.append("To: <").append(to).append(">\r\n");
        if (token != null) b.append("Reply-To: <").append(l.name()).append("-confirm+").append(token).append('@').append(l.domain()).append(">\r\n");
        b.append("Subject: ").append(subject).append("\r\n");
        b.append("Date: ").append(DATE.format(clock.instant())).append("\r\n");
        b.append("Message-ID: <").append(newToken()).append(".list@").append(hostName.get()).append(">\r\n");
        b.append("Auto-Submitted: auto-replied\r\n");
        b.append("List-Id: <").append(listId(l)).append(">\r\n");
        b.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        b.append(text).append("\r\n");
        queue.submit(l.special("owner"), List.of(to), new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)), true);
    }

    private void save(String token, Pending p) throws IOException {
        Files.writeString(pending.resolve(token + ".json"), Json.write(p), StandardCharsets.UTF_8);
    }

    /** RFC 2919 §2: the list identifier, name and domain joined by a dot. */
    static String listId(MailingList l) { return l.name() + "." + l.domain(); }

    private static String newToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The header section including the blank line that ends it (bounded). */
    private static byte[] header(Path message) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(message)) {
            head = in.readNBytes(MAX_HEADER);
        }
        for (int i = 0; i + 3 < head.length; i++) {
            if (head[i] == '\r' && head[i + 1] == '\n' && head[i + 2] == '\r' && head[i + 3] == '\n') {
                return java.util.Arrays.copyOf(head, i + 4);
            }
        }
        return head;
    }

    /** The header fields, each with its continuation lines, without the final blank line. */
    private static List<String> fields(String header) {
        List<String> out = new ArrayList<>();
        for (String line : header.split("\r\n")) {
            if (line.isEmpty()) continue;
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !out.isEmpty()) out.set(out.size() - 1, out.getLast() + "\r\n" + line);
            else out.add(line);
        }
        return out;
    }

    private static java.util.Optional<String> field(String header, String name) {
        for (String f : fields(header)) {
            int colon = f.indexOf(':');
            if (colon > 0 && f.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return java.util.Optional.of(f.substring(colon + 1).replace("\r\n", "").trim());
            }
        }
        return java.util.Optional.empty();
    }
}
