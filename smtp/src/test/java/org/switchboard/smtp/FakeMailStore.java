package org.switchboard.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.switchboard.store.mail.Change;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MailStoreException;
import org.switchboard.store.mail.Mailbox;
import org.switchboard.store.mail.MessageMeta;
import org.switchboard.store.mail.MessageSummary;
import org.switchboard.store.mail.SpecialUse;

/**
 * The part of the mail store SMTP delivery uses (mailboxes by name, append, ACLs), in memory; what
 * delivery never calls fails loudly. Thread-safe. {@code quotaFull} makes appends fail with
 * QuotaExceeded for one account.
 */
public final class FakeMailStore implements MailStore {
    public record Stored(String account, String mailbox, byte[] raw, Source source, Set<String> flags) {
        public String text() { return new String(raw, java.nio.charset.StandardCharsets.UTF_8); }
    }

    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong uids = new AtomicLong();
    private final Map<String, Mailbox> boxes = new ConcurrentHashMap<>();
    private final Map<Long, Mailbox> byId = new ConcurrentHashMap<>();
    private final List<Stored> stored = new CopyOnWriteArrayList<>();
    private final Map<Long, Map<String, String>> acls = new ConcurrentHashMap<>();
    public volatile String quotaFull;
    public List<Stored> stored() { return List.copyOf(stored); }

    public List<Stored> in(String account) { return stored.stream().filter(s -> s.account().equals(account)).toList(); }

    private static String key(String account, String name) {
        return account + "/" + (name.equalsIgnoreCase("INBOX") ? "INBOX" : name);
    }

    @Override
    public synchronized void ensureDefaultMailboxes(String account) {
        if (!boxes.containsKey(key(account, "INBOX"))) create(account, "INBOX", SpecialUse.INBOX);
    }

    @Override
    public List<Mailbox> mailboxes(String account) {
        return boxes.values().stream().filter(b -> b.owner().equals(account)).toList();
    }

    @Override
    public Optional<Mailbox> mailbox(String account, String name) { return Optional.ofNullable(boxes.get(key(account, name))); }

    @Override
    public Optional<Mailbox> mailbox(long mailboxId) { return Optional.ofNullable(byId.get(mailboxId)); }

    @Override
    public synchronized Mailbox create(String account, String name, SpecialUse specialUse) {
        if (boxes.containsKey(key(account, name))) throw new MailStoreException.Exists(name);
        Mailbox m = new Mailbox(ids.incrementAndGet(), account, name, 1, 1, 1, specialUse, true, 0, 0, 0);
        boxes.put(key(account, name), m);
        byId.put(m.id(), m);
        return m;
    }

    @Override
    public AppendResult append(long mailboxId, InputStream raw, Set<String> flags, Instant internalDate, Source source, long maxBytes)
            throws IOException {
        Mailbox m = byId.get(mailboxId);
        if (m == null) throw new MailStoreException.NotFound("mailbox " + mailboxId);
        if (m.owner().equals(quotaFull)) throw new MailStoreException.QuotaExceeded("quota of " + m.owner() + " reached");
        byte[] bytes = raw.readAllBytes();
        stored.add(new Stored(m.owner(), m.name(), bytes, source, Set.copyOf(flags)));
        return new AppendResult(1, uids.incrementAndGet(), 1);
    }

    @Override public void delete(String account, String name) { throw new UnsupportedOperationException(); }
    @Override public void rename(String account, String from, String to) { throw new UnsupportedOperationException(); }
    @Override public void subscribe(String account, String name, boolean subscribed) { throw new UnsupportedOperationException(); }
    @Override public List<MessageSummary> messages(long mailboxId) { throw new UnsupportedOperationException(); }
    @Override public List<Change> changesSince(long mailboxId, long sinceModseq) { throw new UnsupportedOperationException(); }
    @Override public List<Long> expungedSince(long mailboxId, long sinceModseq) { throw new UnsupportedOperationException(); }
    @Override public Optional<MessageMeta> meta(long mailboxId, long uid) { throw new UnsupportedOperationException(); }
    @Override public InputStream open(long mailboxId, long uid, long from, long length) { throw new UnsupportedOperationException(); }
    @Override public FlagResult store(long mailboxId, Collection<Long> uids, FlagOp op, Set<String> flags, long unchangedSince) { throw new UnsupportedOperationException(); }
    @Override public CopyResult copy(long fromMailboxId, Collection<Long> uids, long toMailboxId) { throw new UnsupportedOperationException(); }
    @Override public CopyResult move(long fromMailboxId, Collection<Long> uids, long toMailboxId) { throw new UnsupportedOperationException(); }
    @Override public List<Long> expunge(long mailboxId, Collection<Long> uids) { throw new UnsupportedOperationException(); }
    @Override public long recentClaimed(long mailboxId) { throw new UnsupportedOperationException(); }
    @Override public long claimRecent(long mailboxId, long uid) { throw new UnsupportedOperationException(); }
    @Override public Set<Long> search(long mailboxId, String field, String text) { throw new UnsupportedOperationException(); }
    @Override
    public Usage usage(String account) {
        List<Stored> mine = in(account);
        return new Usage(mine.stream().mapToLong(x -> x.raw().length).sum(), mine.size());
    }
    @Override public void reindex(String account, LongConsumer progress) { throw new UnsupportedOperationException(); }
    @Override public Map<String, String> acl(long mailboxId) { return Map.copyOf(acls.getOrDefault(mailboxId, Map.of())); }

    @Override
    public void setAcl(long mailboxId, String identifier, String rights) {
        Map<String, String> acl = acls.computeIfAbsent(mailboxId, x -> new ConcurrentHashMap<>());
        if (rights.isEmpty()) acl.remove(identifier);
        else acl.put(identifier, rights);
    }
    @Override public List<Mailbox> visibleTo(Set<String> identifiers) { return new ArrayList<>(); }
    @Override public int cleanOut(long mailboxId, int days) { throw new UnsupportedOperationException(); }
    @Override public int recoverDeleted(String account, Instant since) { throw new UnsupportedOperationException(); }
    @Override public AutoCloseable listen(long mailboxId, Runnable onChange) { return () -> { }; }
    @Override public void close() { }
}
