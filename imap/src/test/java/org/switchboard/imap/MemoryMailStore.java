package org.switchboard.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.switchboard.store.mail.Change;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MailStoreException;
import org.switchboard.store.mail.Mailbox;
import org.switchboard.store.mail.MessageFlags;
import org.switchboard.store.mail.MessageMeta;
import org.switchboard.store.mail.MessageSummary;
import org.switchboard.store.mail.SpecialUse;

/**
 * A {@link MailStore} in memory for fast session tests: the SPI's semantics (UIDs, per-mailbox MODSEQ,
 * change log, ACLs, listeners after commit) without durability. Thread-safe through one lock;
 * listeners run after the lock is released, on the writer's thread, as the SPI says.
 */
final class MemoryMailStore implements MailStore {
    private static final class Box {
        long id;
        String owner;
        String name;
        long uidValidity;
        long uidNext = 1;
        long modseq = 1;
        SpecialUse specialUse;
        boolean subscribed;
        final TreeMap<Long, Msg> messages = new TreeMap<>();
        final List<Change> changes = new ArrayList<>();
        final Map<String, String> acl = new HashMap<>();
        long recentMark;
    }

    private record Msg(long uid, long modseq, Set<String> flags, Instant internalDate, byte[] raw, MessageMeta meta) {
        Msg with(Set<String> f, long m) { return new Msg(uid, m, Set.copyOf(f), internalDate, raw, meta); }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Box> boxes = new HashMap<>();
    private final Map<Long, List<Runnable>> listeners = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong validity = new AtomicLong(1000);

    @Override
    public void ensureDefaultMailboxes(String account) {
        for (SpecialUse u : SpecialUse.values()) {
            String name = u == SpecialUse.INBOX ? "INBOX" : u.name().charAt(0) + u.name().substring(1).toLowerCase(Locale.ROOT);
            if (mailbox(account, name).isEmpty()) {
                lock.lock();
                try {
                    add(account, name, u).subscribed = true;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    @Override
    public List<Mailbox> mailboxes(String account) {
        lock.lock();
        try {
            return boxes.values().stream().filter(b -> b.owner.equals(account)).map(MemoryMailStore::view)
                    .sorted(java.util.Comparator.comparing(Mailbox::name)).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Mailbox> mailbox(String account, String name) {
        lock.lock();
        try {
            return find(account, name).map(MemoryMailStore::view);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Mailbox> mailbox(long mailboxId) {
        lock.lock();
        try {
            return Optional.ofNullable(boxes.get(mailboxId)).map(MemoryMailStore::view);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Mailbox create(String account, String name, SpecialUse specialUse) {
        lock.lock();
        try {
            String n = normalize(name);
            if (find(account, n).isPresent()) throw new MailStoreException.Exists("mailbox exists: " + n);
            for (int i = n.indexOf('/'); i > 0; i = n.indexOf('/', i + 1)) {
                if (find(account, n.substring(0, i)).isEmpty()) add(account, n.substring(0, i), null);
            }
            return view(add(account, n, specialUse));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void delete(String account, String name) {
        lock.lock();
        try {
            Box b = find(account, normalize(name)).orElseThrow(() -> new MailStoreException.NotFound("no mailbox " + name));
            if (b.name.equals("INBOX")) throw new MailStoreException.Invalid("INBOX cannot be deleted");
            boxes.remove(b.id);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void rename(String account, String from, String to) {
        lock.lock();
        try {
            Box b = find(account, normalize(from)).orElseThrow(() -> new MailStoreException.NotFound("no mailbox " + from));
            String target = normalize(to);
            if (find(account, target).isPresent()) throw new MailStoreException.Exists("mailbox exists: " + to);
            String prefix = b.name + "/";
            for (Box child : boxes.values()) {
                if (child.owner.equals(account) && child.name.startsWith(prefix)) child.name = target + "/" + child.name.substring(prefix.length());
            }
            b.name = target;
            b.uidValidity = validity.incrementAndGet();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void subscribe(String account, String name, boolean subscribed) {
        lock.lock();
        try {
            find(account, normalize(name)).orElseThrow(() -> new MailStoreException.NotFound("no mailbox " + name)).subscribed = subscribed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public AppendResult append(long mailboxId, InputStream raw, Set<String> flags, Instant internalDate, Source source, long maxBytes)
            throws IOException {
        byte[] data = raw.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, Math.max(maxBytes, maxBytes + 1)));
        if (data.length > maxBytes) throw new MailStoreException.TooLarge("message larger than " + maxBytes);
        AppendResult result;
        lock.lock();
        try {
            Box b = box(mailboxId);
            long uid = b.uidNext++;
            long modseq = ++b.modseq;
            b.messages.put(uid, new Msg(uid, modseq, Set.copyOf(flags), internalDate, data, TestMime.meta(uid, data)));
            b.changes.add(new Change.Added(uid, modseq, Set.copyOf(flags)));
            result = new AppendResult(b.uidValidity, uid, modseq);
        } finally {
            lock.unlock();
        }
        notify(mailboxId);
        return result;
    }

    @Override
    public List<MessageSummary> messages(long mailboxId) {
        lock.lock();
        try {
            return box(mailboxId).messages.values().stream().map(MemoryMailStore::summary).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Change> changesSince(long mailboxId, long sinceModseq) {
        lock.lock();
        try {
            return box(mailboxId).changes.stream().filter(c -> c.modseq() > sinceModseq).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Long> expungedSince(long mailboxId, long sinceModseq) {
        lock.lock();
        try {
            return box(mailboxId).changes.stream().filter(c -> c instanceof Change.Expunged && c.modseq() > sinceModseq).map(Change::uid).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<MessageMeta> meta(long mailboxId, long uid) {
        lock.lock();
        try {
            return Optional.ofNullable(box(mailboxId).messages.get(uid)).map(Msg::meta);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public InputStream open(long mailboxId, long uid, long from, long length) {
        lock.lock();
        try {
            Msg m = box(mailboxId).messages.get(uid);
            if (m == null) throw new MailStoreException.NotFound("message " + uid + " expunged");
            int start = (int) Math.min(from, m.raw.length);
            int len = (int) Math.min(length, m.raw.length - start);
            return new ByteArrayInputStream(m.raw, start, len);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public FlagResult store(long mailboxId, Collection<Long> uids, FlagOp op, Set<String> flags, long unchangedSince) {
        List<MessageSummary> changed = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        lock.lock();
        try {
            Box b = box(mailboxId);
            for (long uid : uids) {
                Msg m = b.messages.get(uid);
                if (m == null) continue;
                if (unchangedSince >= 0 && m.modseq > unchangedSince) {
                    failed.add(uid);
                    continue;
                }
                Set<String> next = new LinkedHashSet<>(op == FlagOp.REPLACE ? Set.of() : m.flags);
                if (op == FlagOp.REMOVE) next.removeIf(f -> flags.stream().anyMatch(x -> x.equalsIgnoreCase(f)));
                else next.addAll(flags);
                if (next.equals(m.flags)) continue;
                Msg updated = m.with(next, ++b.modseq);
                b.messages.put(uid, updated);
                b.changes.add(new Change.FlagsChanged(uid, updated.modseq, updated.flags));
                changed.add(summary(updated));
            }
        } finally {
            lock.unlock();
        }
        if (!changed.isEmpty()) notify(mailboxId);
        return new FlagResult(changed, failed);
    }

    @Override
    public CopyResult copy(long fromMailboxId, Collection<Long> uids, long toMailboxId) {
        CopyResult result;
        lock.lock();
        try {
            Box from = box(fromMailboxId);
            Box to = box(toMailboxId);
            List<Long> source = new ArrayList<>();
            List<Long> target = new ArrayList<>();
            for (long uid : uids) {
                Msg m = from.messages.get(uid);
                if (m == null) continue;
                long newUid = to.uidNext++;
                long modseq = ++to.modseq;
                to.messages.put(newUid, new Msg(newUid, modseq, m.flags, m.internalDate, m.raw, TestMime.meta(newUid, m.raw)));
                to.changes.add(new Change.Added(newUid, modseq, m.flags));
                source.add(uid);
                target.add(newUid);
            }
            result = new CopyResult(to.uidValidity, source, target);
        } finally {
            lock.unlock();
        }
        notify(toMailboxId);
        return result;
    }

    @Override
    public CopyResult move(long fromMailboxId, Collection<Long> uids, long toMailboxId) {
        CopyResult result = copy(fromMailboxId, uids, toMailboxId);
        expunge(fromMailboxId, result.sourceUids());
        return result;
    }

    @Override
    public List<Long> expunge(long mailboxId, Collection<Long> uids) {
        List<Long> removed = new ArrayList<>();
        lock.lock();
        try {
            Box b = box(mailboxId);
            long modseq = 0;
            for (long uid : new java.util.TreeSet<>(uids)) {
                if (b.messages.remove(uid) == null) continue;
                if (modseq == 0) modseq = ++b.modseq;
                b.changes.add(new Change.Expunged(uid, modseq));
                removed.add(uid);
            }
        } finally {
            lock.unlock();
        }
        if (!removed.isEmpty()) notify(mailboxId);
        return removed;
    }

    @Override
    public long recentClaimed(long mailboxId) {
        lock.lock();
        try {
            Box b = boxes.get(mailboxId);
            return b == null ? 0 : b.recentMark;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long claimRecent(long mailboxId, long uid) {
        lock.lock();
        try {
            Box b = boxes.get(mailboxId);
            if (b == null) return uid;
            long before = b.recentMark;
            b.recentMark = Math.max(before, uid);
            return before;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Set<Long> search(long mailboxId, String field, String text) {
        lock.lock();
        try {
            Set<Long> out = new LinkedHashSet<>();
            String needle = text.toLowerCase(Locale.ROOT);
            for (Msg m : box(mailboxId).messages.values()) {
                String whole = new String(m.raw, StandardCharsets.UTF_8);
                int split = TestMime.bodyStart(m.raw, 0, m.raw.length);
                String haystack = switch (field) {
                    case "body" -> new String(m.raw, split, m.raw.length - split, StandardCharsets.UTF_8);
                    case "subject" -> String.valueOf(m.meta.subject());
                    case "from" -> String.valueOf(m.meta.from());
                    case "to" -> String.valueOf(m.meta.to());
                    case "cc" -> String.valueOf(m.meta.cc());
                    case "bcc" -> "";
                    default -> whole;
                };
                if (haystack.toLowerCase(Locale.ROOT).contains(needle)) out.add(m.uid);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Usage usage(String account) {
        lock.lock();
        try {
            long bytes = 0;
            long count = 0;
            for (Box b : boxes.values()) {
                if (!b.owner.equals(account)) continue;
                for (Msg m : b.messages.values()) {
                    bytes += m.raw.length;
                    count++;
                }
            }
            return new Usage(bytes, count);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void reindex(String account, LongConsumer progress) {
    }

    @Override
    public Map<String, String> acl(long mailboxId) {
        lock.lock();
        try {
            return Map.copyOf(box(mailboxId).acl);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setAcl(long mailboxId, String identifier, String rights) {
        lock.lock();
        try {
            String expanded = rights.replace("c", "kx").replace("d", "xte");
            if (expanded.isEmpty()) box(mailboxId).acl.remove(identifier);
            else box(mailboxId).acl.put(identifier, expanded.chars().distinct().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Mailbox> visibleTo(Set<String> identifiers) {
        lock.lock();
        try {
            return boxes.values().stream().filter(b -> b.acl.entrySet().stream()
                    .anyMatch(e -> identifiers.contains(e.getKey()) && e.getValue().indexOf('l') >= 0)).map(MemoryMailStore::view).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int cleanOut(long mailboxId, int days) {
        return 0;
    }

    @Override
    public int recoverDeleted(String account, Instant since) {
        return 0;
    }

    @Override
    public AutoCloseable listen(long mailboxId, Runnable onChange) {
        lock.lock();
        try {
            listeners.computeIfAbsent(mailboxId, k -> new CopyOnWriteArrayList<>()).add(onChange);
        } finally {
            lock.unlock();
        }
        return () -> {
            lock.lock();
            try {
                listeners.getOrDefault(mailboxId, List.of()).remove(onChange);
            } finally {
                lock.unlock();
            }
        };
    }

    @Override
    public void close() {
    }

    private void notify(long mailboxId) {
        List<Runnable> l;
        lock.lock();
        try {
            l = List.copyOf(listeners.getOrDefault(mailboxId, List.of()));
        } finally {
            lock.unlock();
        }
        l.forEach(Runnable::run);
    }

    private Box add(String account, String name, SpecialUse use) {
        Box b = new Box();
        b.id = ids.incrementAndGet();
        b.owner = account;
        b.name = name;
        b.uidValidity = validity.incrementAndGet();
        b.specialUse = use;
        boxes.put(b.id, b);
        return b;
    }

    private Optional<Box> find(String account, String name) {
        String n = normalize(name);
        return boxes.values().stream().filter(b -> b.owner.equals(account) && b.name.equals(n)).findFirst();
    }

    private Box box(long id) {
        Box b = boxes.get(id);
        if (b == null) throw new MailStoreException.NotFound("no mailbox " + id);
        return b;
    }

    private static String normalize(String name) {
        if (name.equalsIgnoreCase("INBOX")) return "INBOX";
        if (name.regionMatches(true, 0, "INBOX/", 0, 6)) return "INBOX" + name.substring(5);
        return name;
    }

    private static Mailbox view(Box b) {
        int unseen = (int) b.messages.values().stream().filter(m -> !m.flags.contains(MessageFlags.SEEN)).count();
        long size = b.messages.values().stream().mapToLong(m -> m.raw.length).sum();
        return new Mailbox(b.id, b.owner, b.name, b.uidValidity, b.uidNext, b.modseq, b.specialUse, b.subscribed,
                b.messages.size(), unseen, size);
    }

    private static MessageSummary summary(Msg m) {
        return new MessageSummary(m.uid, m.modseq, m.flags, m.internalDate, m.raw.length, "mem-" + m.uid);
    }
}
