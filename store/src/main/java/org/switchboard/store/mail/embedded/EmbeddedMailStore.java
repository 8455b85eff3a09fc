package org.switchboard.store.mail.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.switchboard.core.json.Json;
import org.switchboard.core.log.LogKind;
import org.switchboard.store.mail.Change;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MailStoreException;
import org.switchboard.store.mail.Mailbox;
import org.switchboard.store.mail.MessageFlags;
import org.switchboard.store.mail.MessageMeta;
import org.switchboard.store.mail.MessageSummary;
import org.switchboard.store.mail.MimePart;
import org.switchboard.store.mail.QuotaPolicy;
import org.switchboard.store.mail.SpecialUse;
import org.switchboard.store.mail.embedded.MailDatabase.Tx;

/**
 * The embedded mail store under one data directory: {@code mail/} (H2 metadata), {@code blobs/}
 * (immutable message files) and {@code index/} (Lucene). Each mutation is one transaction under
 * the database's write lock (concurrent ones share a commit); a new blob is fsynced and published
 * before it, outside the lock, and checked inside it, so every committed row has its file. Index
 * updates, change notices and quota warnings follow the commit, outside the lock. At open, files no
 * row references are removed and the index is reconciled with the metadata, which is the truth.
 */
public final class EmbeddedMailStore implements MailStore {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(14);
    /** UIDs and UIDVALIDITY are 32-bit (RFC 9051 §2.3.1.1 nz-number). */
    static final long MAX_UID = 0xFFFF_FFFFL;
    /** Keeps a query far below Lucene's clause limit. */
    private static final int MAX_SEARCH_WORDS = 64;
    /** A few MB of parsed metadata: the working set of FETCH-heavy sessions, small next to idle connections. */
    private static final int META_CACHE_ENTRIES = 2048;

    private static final List<Map.Entry<String, SpecialUse>> DEFAULTS = List.of(
            Map.entry(MailboxNames.INBOX, SpecialUse.INBOX), Map.entry("Sent", SpecialUse.SENT),
            Map.entry("Drafts", SpecialUse.DRAFTS), Map.entry("Junk", SpecialUse.JUNK),
            Map.entry("Trash", SpecialUse.TRASH), Map.entry("Archive", SpecialUse.ARCHIVE));

    private static final String MAILBOX_SELECT = "SELECT m.id, m.owner, m.name, m.uidvalidity, m.uidnext, "
            + "m.highestmodseq, m.special_use, m.subscribed, m.messages, m.unseen, m.bytes FROM mailbox m ";
    private static final String BOX_SELECT = "SELECT id, owner, name, uidvalidity, uidnext, highestmodseq FROM mailbox ";
    private static final String ROW_SELECT = "SELECT uid, modseq, flags, internal_date, size, blob, created_modseq, meta "
            + "FROM message ";
    private static final String SUMMARY_SELECT = "SELECT uid, modseq, flags, internal_date, size, blob, created_modseq "
            + "FROM message ";

    /** A mailbox's counters as a transaction sees them. */
    private record Box(long id, String owner, String name, long uidValidity, long uidNext, long highestModseq) {}

    /** One message row; {@code meta} (JSON) only when selected with ROW_SELECT. */
    private record Row(long uid, long modseq, Set<String> flags, long internalDate, long size, String blob, long createdModseq,
                       String meta) {
        MessageSummary summary() {
            return new MessageSummary(uid, modseq, flags, Instant.ofEpochMilli(internalDate), size, blob);
        }
    }

    /** A committed message to (re)index after the transaction. */
    private record Indexable(String owner, long mailboxId, long uid, String blob, String meta) {}

    private record Allocation(long firstUid, long modseq, long uidValidity) {}

    private record Charge(String owner, MailStore.Usage before, MailStore.Usage after, QuotaPolicy.Limits limits) {}

    private final MailDatabase db;
    private final FileBlobStore blobs;
    private final MailIndex index;
    private final QuotaPolicy quota;
    private final InstantSource clock;
    private final Duration retention;
    private final Map<Long, List<Runnable>> listeners = new ConcurrentHashMap<>();
    private final MetaCache metas = new MetaCache(META_CACHE_ENTRIES);
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedMailStore(MailDatabase db, FileBlobStore blobs, MailIndex index, QuotaPolicy quota, InstantSource clock,
                              Duration retention) {
        this.db = db;
        this.blobs = blobs;
        this.index = index;
        this.quota = quota;
        this.clock = clock;
        this.retention = retention;
    }

    public static EmbeddedMailStore open(Path dataDir, QuotaPolicy quota, InstantSource clock) throws IOException {
        return open(dataDir, quota, clock, DEFAULT_RETENTION);
    }

    /** Opens the store; {@code retention} is how long expunged messages stay recoverable (zero: not at all). */
    public static EmbeddedMailStore open(Path dataDir, QuotaPolicy quota, InstantSource clock, Duration retention)
            throws IOException {
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(clock, "clock");
        if (retention.isNegative()) throw new IllegalArgumentException("retention must not be negative");
        Files.createDirectories(dataDir);
        MailDatabase db = MailDatabase.open(dataDir.resolve("mail"));
        MailIndex index = null;
        try {
            FileBlobStore blobs = FileBlobStore.open(dataDir.resolve("blobs"));
            index = MailIndex.open(dataDir.resolve("index"));
            EmbeddedMailStore store = new EmbeddedMailStore(db, blobs, index, quota, clock, retention);
            store.removeOrphanBlobs();
            store.reconcileIndex();
            index.startCommitting();
            return store;
        } catch (IOException | RuntimeException e) {
            if (index != null) index.close();
            db.close();
            throw e;
        }
    }

    /** Tests hold the write lock through it to put writers into one combined commit. */
    MailDatabase database() { return db; }

    // ------------------------------------------------------------ mailboxes

    @Override
    public void ensureDefaultMailboxes(String account) {
        requireOpen();
        checkAccount(account);
        // Delivery calls this for every message: a read answers when none is missing, sparing a write.
        String[] names = DEFAULTS.stream().map(Map.Entry::getKey).toArray(String[]::new);
        if (db.read(tx -> tx.number("SELECT COUNT(*) FROM mailbox WHERE owner = ? AND name = ANY(?)", 0, account,
                (Object) names)) == names.length) {
            return;
        }
        db.write(tx -> {
            for (Map.Entry<String, SpecialUse> d : DEFAULTS) {
                if (box(tx, account, d.getKey()).isEmpty()) insertMailbox(tx, account, d.getKey(), d.getValue(), true);
            }
            return null;
        });
    }

    @Override
    public List<Mailbox> mailboxes(String account) {
        requireOpen();
        return db.read(tx -> tx.list(MAILBOX_SELECT + "WHERE m.owner = ? ORDER BY m.name", EmbeddedMailStore::mailboxRow,
                account));
    }

    @Override
    public Optional<Mailbox> mailbox(String account, String name) {
        requireOpen();
        String n;
        try {
            n = MailboxNames.normalize(name);
        } catch (MailStoreException.Invalid e) {
            return Optional.empty();
        }
        return db.read(tx -> tx.one(MAILBOX_SELECT + "WHERE m.owner = ? AND m.name = ?", EmbeddedMailStore::mailboxRow,
                account, n));
    }

    @Override
    public Optional<Mailbox> mailbox(long mailboxId) {
        requireOpen();
        return db.read(tx -> tx.one(MAILBOX_SELECT + "WHERE m.id = ?", EmbeddedMailStore::mailboxRow, mailboxId));
    }

    @Override
    public Mailbox create(String account, String name, SpecialUse specialUse) {
        requireOpen();
        checkAccount(account);
        String n = MailboxNames.normalize(name);
        long id = db.write(tx -> {
            if (box(tx, account, n).isPresent()) throw new MailStoreException.Exists("mailbox " + n + " already exists");
            createParents(tx, account, n);
            return insertMailbox(tx, account, n, specialUse, false);
        });
        return mailbox(id).orElseThrow();
    }

    @Override
    public void delete(String account, String name) {
        requireOpen();
        String n = MailboxNames.normalize(name);
        if (MailboxNames.inbox(n)) throw new MailStoreException.Invalid("INBOX cannot be deleted");
        long id = db.write(tx -> {
            Box box = box(tx, account, n).orElseThrow(() -> notFound(n));
            long children = tx.number("SELECT COUNT(*) FROM mailbox WHERE owner = ? AND LEFT(name, ?) = ?", 0, account,
                    n.length() + 1, n + "/");
            if (children > 0) throw new MailStoreException.Invalid("mailbox " + n + " has children; delete them first");
            List<Row> rows = tx.list(SUMMARY_SELECT + "WHERE mailbox_id = ?", EmbeddedMailStore::row, box.id);
            retire(tx, box, rows);
            charge(tx, account, -sum(rows), -rows.size(), null);
            tx.update("DELETE FROM expunged WHERE mailbox_id = ?", box.id);
            tx.update("DELETE FROM acl WHERE mailbox_id = ?", box.id);
            tx.update("DELETE FROM recent_mark WHERE mailbox_id = ?", box.id);
            tx.update("DELETE FROM message WHERE mailbox_id = ?", box.id);
            tx.update("DELETE FROM mailbox WHERE id = ?", box.id);
            return box.id;
        });
        unindexMailbox(id);
        notifyListeners(List.of(id));
        listeners.remove(id);
    }

    @Override
    public void rename(String account, String from, String to) {
        requireOpen();
        String f = MailboxNames.normalize(from);
        String t = MailboxNames.normalize(to);
        if (t.startsWith(f + "/") && !MailboxNames.inbox(f)) {
            throw new MailStoreException.Invalid("cannot rename " + f + " into itself");
        }
        List<Indexable> moved = new ArrayList<>();
        long[] ids = db.write(tx -> {
            moved.clear();
            Box source = box(tx, account, f).orElseThrow(() -> notFound(f));
            if (box(tx, account, t).isPresent()) throw new MailStoreException.Exists("mailbox " + t + " already exists");
            if (MailboxNames.inbox(f)) return renameInbox(tx, source, t, moved);
            List<Box> children = tx.list(BOX_SELECT + "WHERE owner = ? AND LEFT(name, ?) = ?", EmbeddedMailStore::boxRow,
                    account, f.length() + 1, f + "/");
            for (Box child : children) {
                String target = t + child.name.substring(f.length());
                MailboxNames.normalize(target);
                if (box(tx, account, target).isPresent()) {
                    throw new MailStoreException.Exists("mailbox " + target + " already exists");
                }
            }
            createParents(tx, account, t);
            tx.update("UPDATE mailbox SET name = ? WHERE id = ?", t, source.id);
            for (Box child : children) {
                tx.update("UPDATE mailbox SET name = ? WHERE id = ?", t + child.name.substring(f.length()), child.id);
            }
            return new long[0];
        });
        if (ids.length == 2) {
            unindexMailbox(ids[0]);
            for (Indexable m : moved) indexMessage(m);
            notifyListeners(List.of(ids[0], ids[1]));
        }
    }

    /** RFC 9051 §6.3.6: the messages move to a new mailbox and INBOX stays, empty, with its UIDVALIDITY. */
    private long[] renameInbox(Tx tx, Box inbox, String to, List<Indexable> moved) throws SQLException {
        createParents(tx, inbox.owner, to);
        long id = insertMailbox(tx, inbox.owner, to, null, false);
        tx.update("UPDATE mailbox SET uidnext = ?, highestmodseq = ? WHERE id = ?", inbox.uidNext, inbox.highestModseq + 1, id);
        List<Row> rows = tx.list(ROW_SELECT + "WHERE mailbox_id = ? ORDER BY uid", EmbeddedMailStore::row, inbox.id);
        tx.update("UPDATE message SET mailbox_id = ? WHERE mailbox_id = ?", id, inbox.id);
        adjust(tx, id, rows.size(), unseen(rows), sum(rows));
        adjust(tx, inbox.id, -rows.size(), -unseen(rows), -sum(rows));
        long modseq = bumpModseq(tx, inbox.id);
        tombstones(tx, inbox.id, rows, modseq);
        for (Row r : rows) moved.add(new Indexable(inbox.owner, id, r.uid, r.blob, r.meta));
        return new long[] {inbox.id, id};
    }

    @Override
    public void subscribe(String account, String name, boolean subscribed) {
        requireOpen();
        String n = MailboxNames.normalize(name);
        db.write(tx -> {
            if (tx.update("UPDATE mailbox SET subscribed = ? WHERE owner = ? AND name = ?", subscribed, account, n) == 0) {
                throw notFound(n);
            }
            return null;
        });
    }

    // ------------------------------------------------------------ messages

    @Override
    public AppendResult append(long mailboxId, InputStream raw, Set<String> flags, Instant internalDate, Source source,
                               long maxBytes) throws IOException {
        requireOpen();
        if (maxBytes <= 0) throw new MailStoreException.Invalid("maximum message size must be positive");
        Set<String> normalized = Flags.normalize(flags);
        long date = (internalDate != null ? internalDate : clock.instant()).toEpochMilli();
        Box target = db.read(tx -> box(tx, mailboxId)).orElseThrow(() -> notFound(mailboxId));
        LogKind.debug("mail-store", "append from {} to mailbox {} of {}", source, mailboxId, target.owner);
        QuotaPolicy.Limits limits = quota.limits(target.owner);
        MailStore.Usage now = usage(target.owner);
        // Refuse before streaming when the account is already at a limit.
        checkQuota(target.owner, now, 1, 1, limits);
        MimeScanner scanner = new MimeScanner();
        FileBlobStore.Staged staged = blobs.stage(raw, maxBytes, scanner);
        try {
            if (staged.size() == 0) throw new MailStoreException.Invalid("empty message");
            MessageMeta meta = scanner.finish();
            String json = Json.write(meta);
            // Linking and syncing the file is most of an append's disk wait: done before the write
            // transaction, concurrent appends wait for it in parallel instead of one after another.
            blobs.publish(staged);
            Charge[] charge = new Charge[1];
            long[] result;
            try {
                result = db.write(tx -> {
                    Box box = box(tx, mailboxId).orElseThrow(() -> notFound(mailboxId));
                    charge[0] = charge(tx, box.owner, staged.size(), 1, limits);
                    acquireBlob(tx, staged);
                    Allocation a = allocate(tx, box, 1);
                    tx.update("INSERT INTO message (mailbox_id, uid, modseq, created_modseq, flags, seen, internal_date, size, "
                                    + "blob, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", mailboxId, a.firstUid, a.modseq,
                            a.modseq, Flags.format(normalized), Flags.seen(normalized), date, staged.size(), staged.id(), json);
                    adjust(tx, mailboxId, 1, Flags.seen(normalized) ? 0 : 1, staged.size());
                    return new long[] {a.uidValidity, a.firstUid, a.modseq};
                });
            } catch (RuntimeException e) {
                dropIfUnreferenced(staged.id());
                throw e;
            }
            metas.put(staged.id(), meta);
            indexMessage(new Indexable(target.owner, mailboxId, result[1], staged.id(), json));
            notifyListeners(List.of(mailboxId));
            warnIfCrossed(charge[0]);
            return new AppendResult(result[0], result[1], result[2]);
        } finally {
            blobs.discard(staged);
        }
    }

    @Override
    public List<MessageSummary> messages(long mailboxId) {
        requireOpen();
        return db.read(tx -> {
            requireBox(tx, mailboxId);
            return tx.list(SUMMARY_SELECT + "WHERE mailbox_id = ? ORDER BY uid", rs -> row(rs).summary(), mailboxId);
        });
    }

    @Override
    public List<Change> changesSince(long mailboxId, long sinceModseq) {
        requireOpen();
        // One statement, so one snapshot of both tables: read as two, a message committed between them could be
        // missed while a later expunge is seen, and the reader, moving past both MODSEQs, would never learn of it.
        return db.read(tx -> {
            requireBox(tx, mailboxId);
            List<Change> out = new ArrayList<>(tx.list(
                    "SELECT uid, modseq, created_modseq, flags FROM message WHERE mailbox_id = ? AND modseq > ? "
                            + "UNION ALL SELECT uid, modseq, -1, NULL FROM expunged WHERE mailbox_id = ? AND modseq > ?",
                    rs -> rs.getLong(3) < 0 ? new Change.Expunged(rs.getLong(1), rs.getLong(2))
                            : rs.getLong(3) > sinceModseq
                            ? new Change.Added(rs.getLong(1), rs.getLong(2), Flags.parse(rs.getString(4)), rs.getLong(3))
                            : new Change.FlagsChanged(rs.getLong(1), rs.getLong(2), Flags.parse(rs.getString(4))),
                    mailboxId, sinceModseq, mailboxId, sinceModseq));
            out.sort((a, b) -> a.modseq() != b.modseq() ? Long.compare(a.modseq(), b.modseq()) : Long.compare(a.uid(), b.uid()));
            return out;
        });
    }

    @Override
    public List<Long> expungedSince(long mailboxId, long sinceModseq) {
        requireOpen();
        return db.read(tx -> {
            requireBox(tx, mailboxId);
            return tx.list("SELECT uid FROM expunged WHERE mailbox_id = ? AND modseq > ? ORDER BY uid", rs -> rs.getLong(1),
                    mailboxId, sinceModseq);
        });
    }

    @Override
    public Optional<MessageMeta> meta(long mailboxId, long uid) {
        requireOpen();
        // The large JSON column is only selected on a cache miss: H2 keeps every large value it
        // returned referenced by the session for LOB_TIMEOUT, read or not.
        return db.read(tx -> {
            Optional<String> blob = tx.one("SELECT blob FROM message WHERE mailbox_id = ? AND uid = ?", rs -> rs.getString(1),
                    mailboxId, uid);
            if (blob.isEmpty()) return Optional.<MessageMeta>empty();
            MessageMeta cached = metas.get(blob.get());
            if (cached != null) return Optional.of(cached);
            Optional<MessageMeta> read = tx.one("SELECT meta FROM message WHERE mailbox_id = ? AND uid = ?",
                    rs -> readMeta(rs.getString(1)), mailboxId, uid);
            read.ifPresent(m -> metas.put(blob.get(), m));
            return read;
        }).map(m -> withUid(m, uid));
    }

    @Override
    public InputStream open(long mailboxId, long uid, long from, long length) throws IOException {
        requireOpen();
        if (from < 0) throw new MailStoreException.Invalid("negative offset");
        String blob = db.read(tx -> tx.one("SELECT blob FROM message WHERE mailbox_id = ? AND uid = ?", rs -> rs.getString(1),
                mailboxId, uid))
                .orElseThrow(() -> new MailStoreException.NotFound("no message " + uid + " in mailbox " + mailboxId));
        return blobs.open(blob, from, length);
    }

    @Override
    public FlagResult store(long mailboxId, Collection<Long> uids, FlagOp op, Set<String> flags, long unchangedSince) {
        requireOpen();
        Set<String> given = Flags.normalize(flags);
        Long[] wanted = uidArray(uids);
        FlagResult result = db.write(tx -> {
            Box box = box(tx, mailboxId).orElseThrow(() -> notFound(mailboxId));
            List<Row> rows = tx.list(SUMMARY_SELECT + "WHERE mailbox_id = ? AND uid = ANY(?) ORDER BY uid",
                    EmbeddedMailStore::row, box.id, wanted);
            List<Long> failed = new ArrayList<>();
            List<Row> changed = new ArrayList<>();
            long unseenDelta = 0;
            for (Row r : rows) {
                // RFC 7162 §3.1.3: the condition is checked before (and regardless of) whether flags would change.
                if (unchangedSince >= 0 && r.modseq > unchangedSince) {
                    failed.add(r.uid);
                    continue;
                }
                Set<String> next = apply(r.flags, op, given);
                if (!next.equals(r.flags) || next.size() != r.flags.size()) {
                    changed.add(new Row(r.uid, 0, next, r.internalDate, r.size, r.blob, r.createdModseq, null));
                    unseenDelta += (Flags.seen(r.flags) ? 1 : 0) - (Flags.seen(next) ? 1 : 0);
                }
            }
            if (changed.isEmpty()) return new FlagResult(List.of(), failed);
            long modseq = bumpModseq(tx, box.id);
            List<Object[]> updates = new ArrayList<>();
            List<MessageSummary> summaries = new ArrayList<>();
            for (Row r : changed) {
                updates.add(new Object[] {Flags.format(r.flags), Flags.seen(r.flags), modseq, box.id, r.uid});
                summaries.add(new MessageSummary(r.uid, modseq, r.flags, Instant.ofEpochMilli(r.internalDate), r.size, r.blob));
            }
            tx.batch("UPDATE message SET flags = ?, seen = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?", updates);
            if (unseenDelta != 0) adjust(tx, box.id, 0, unseenDelta, 0);
            return new FlagResult(summaries, failed);
        });
        if (!result.changed().isEmpty()) notifyListeners(List.of(mailboxId));
        return result;
    }

    @Override
    public CopyResult copy(long fromMailboxId, Collection<Long> uids, long toMailboxId) {
        requireOpen();
        return transfer(fromMailboxId, uids, toMailboxId, false);
    }

    @Override
    public CopyResult move(long fromMailboxId, Collection<Long> uids, long toMailboxId) {
        requireOpen();
        return transfer(fromMailboxId, uids, toMailboxId, true);
    }

    private CopyResult transfer(long fromId, Collection<Long> uids, long toId, boolean move) {
        Long[] wanted = uidArray(uids);
        Box targetOwner = db.read(tx -> box(tx, toId)).orElseThrow(() -> notFound(toId));
        QuotaPolicy.Limits limits = quota.limits(targetOwner.owner);
        List<Indexable> added = new ArrayList<>();
        Charge[] charge = new Charge[1];
        CopyResult result = db.write(tx -> {
            added.clear();
            Box source = box(tx, fromId).orElseThrow(() -> notFound(fromId));
            Box target = box(tx, toId).orElseThrow(() -> notFound(toId));
            List<Row> rows = tx.list(ROW_SELECT + "WHERE mailbox_id = ? AND uid = ANY(?) ORDER BY uid", EmbeddedMailStore::row,
                    source.id, wanted);
            if (rows.isEmpty()) return new CopyResult(target.uidValidity, List.of(), List.of());
            boolean sameOwner = source.owner.equals(target.owner);
            if (!move || !sameOwner) charge[0] = charge(tx, target.owner, sum(rows), rows.size(), limits);
            Allocation a = allocate(tx, target, rows.size());
            List<Object[]> inserts = new ArrayList<>();
            List<Long> sourceUids = new ArrayList<>();
            List<Long> targetUids = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                long uid = a.firstUid + i;
                inserts.add(new Object[] {target.id, uid, a.modseq, a.modseq, Flags.format(r.flags), Flags.seen(r.flags),
                        r.internalDate, r.size, r.blob, r.meta});
                sourceUids.add(r.uid);
                targetUids.add(uid);
                added.add(new Indexable(target.owner, target.id, uid, r.blob, r.meta));
            }
            tx.batch("INSERT INTO message (mailbox_id, uid, modseq, created_modseq, flags, seen, internal_date, size, blob, meta) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts);
            adjust(tx, target.id, rows.size(), unseen(rows), sum(rows));
            if (move) {
                adjust(tx, source.id, -rows.size(), -unseen(rows), -sum(rows));
                // The target's rows take over the source's blob references, so counts stay as they are.
                tx.update("DELETE FROM message WHERE mailbox_id = ? AND uid = ANY(?)", source.id,
                        sourceUids.toArray(Long[]::new));
                tombstones(tx, source.id, rows, bumpModseq(tx, source.id));
                if (!sameOwner) charge(tx, source.owner, -sum(rows), -rows.size(), null);
            } else {
                addRefs(tx, rows);
            }
            return new CopyResult(a.uidValidity, List.copyOf(sourceUids), List.copyOf(targetUids));
        });
        if (result.sourceUids().isEmpty()) return result;
        if (move) unindex(fromId, result.sourceUids());
        for (Indexable m : added) indexMessage(m);
        notifyListeners(move ? List.of(fromId, toId) : List.of(toId));
        if (charge[0] != null) warnIfCrossed(charge[0]);
        return result;
    }

    @Override
    public List<Long> expunge(long mailboxId, Collection<Long> uids) {
        requireOpen();
        Long[] wanted = uidArray(uids);
        List<Long> removed = db.write(tx -> {
            Box box = box(tx, mailboxId).orElseThrow(() -> notFound(mailboxId));
            List<Row> rows = tx.list(SUMMARY_SELECT + "WHERE mailbox_id = ? AND uid = ANY(?) ORDER BY uid",
                    EmbeddedMailStore::row, box.id, wanted);
            if (rows.isEmpty()) return List.<Long>of();
            Long[] found = rows.stream().map(Row::uid).toArray(Long[]::new);
            retire(tx, box, rows);
            tx.update("DELETE FROM message WHERE mailbox_id = ? AND uid = ANY(?)", box.id, found);
            adjust(tx, box.id, -rows.size(), -unseen(rows), -sum(rows));
            tombstones(tx, box.id, rows, bumpModseq(tx, box.id));
            charge(tx, box.owner, -sum(rows), -rows.size(), null);
            return List.of(found);
        });
        if (!removed.isEmpty()) {
            unindex(mailboxId, removed);
            notifyListeners(List.of(mailboxId));
        }
        return removed;
    }

    // ------------------------------------------------------------ search and quota

    // ------------------------------------------------------------ \Recent

    @Override
    public long recentClaimed(long mailboxId) {
        requireOpen();
        return db.read(tx -> tx.number("SELECT uid FROM recent_mark WHERE mailbox_id = ?", 0, mailboxId));
    }

    @Override
    public long claimRecent(long mailboxId, long uid) {
        requireOpen();
        // Most SELECTs find nothing new to claim: answer those from a read and keep the write lock for real claims.
        long seen = recentClaimed(mailboxId);
        if (seen >= uid) return seen;
        return db.write(tx -> {
            long before = tx.number("SELECT uid FROM recent_mark WHERE mailbox_id = ?", 0, mailboxId);
            if (before < uid) {
                tx.update("MERGE INTO recent_mark (mailbox_id, uid) KEY (mailbox_id) VALUES (?, ?)", mailboxId, uid);
            }
            return before;
        });
    }

    @Override
    public Set<Long> search(long mailboxId, String field, String text) {
        requireOpen();
        String f = field == null ? "" : field.toLowerCase(java.util.Locale.ROOT);
        if (!MailIndex.FIELDS.contains(f)) throw new MailStoreException.Invalid("cannot search field " + field);
        List<String> words = index.words(text == null ? "" : text);
        if (words.size() > MAX_SEARCH_WORDS) {
            throw new MailStoreException.Invalid("more than " + MAX_SEARCH_WORDS + " search words");
        }
        if (words.isEmpty()) {
            // No word to match: like an empty substring, it matches every message (RFC 9051 §6.4.4).
            return db.read(tx -> {
                requireBox(tx, mailboxId);
                return new TreeSet<>(tx.list("SELECT uid FROM message WHERE mailbox_id = ?", rs -> rs.getLong(1), mailboxId));
            });
        }
        Set<Long> hits;
        try {
            hits = index.search(mailboxId, f, words);
        } catch (IOException e) {
            throw new MailStoreException.Unavailable("full-text index failure", e);
        }
        // The index may briefly hold a message expunged concurrently; the metadata decides. Matching
        // in memory: H2 compares every row with every element of an ANY(array) condition.
        return db.read(tx -> {
            requireBox(tx, mailboxId);
            TreeSet<Long> out = new TreeSet<>(tx.list("SELECT uid FROM message WHERE mailbox_id = ?", rs -> rs.getLong(1),
                    mailboxId));
            out.retainAll(hits);
            return out;
        });
    }

    @Override
    public Usage usage(String account) {
        requireOpen();
        return db.read(tx -> usage(tx, account));
    }

    @Override
    public void reindex(String account, LongConsumer progress) {
        requireOpen();
        LongConsumer report = progress == null ? n -> {} : progress;
        try {
            if (account == null) index.deleteAll();
            else index.deleteAccount(account);
        } catch (IOException e) {
            throw new MailStoreException.Unavailable("full-text index failure", e);
        }
        List<Box> boxes = db.read(tx -> account == null
                ? tx.list(BOX_SELECT + "ORDER BY id", EmbeddedMailStore::boxRow)
                : tx.list(BOX_SELECT + "WHERE owner = ? ORDER BY id", EmbeddedMailStore::boxRow, account));
        long done = 0;
        for (Box box : boxes) {
            for (long uid : uids(box.id)) {
                loadIndexable(box.id, uid).ifPresent(this::indexMessage);
                report.accept(++done);
            }
        }
        commitIndex();
    }

    // ------------------------------------------------------------ sharing

    @Override
    public Map<String, String> acl(long mailboxId) {
        requireOpen();
        return db.read(tx -> {
            Box box = requireBox(tx, mailboxId);
            Map<String, String> out = new LinkedHashMap<>();
            out.put(box.owner, Rights.ALL);
            for (String[] e : tx.list("SELECT identifier, rights FROM acl WHERE mailbox_id = ? ORDER BY identifier",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, mailboxId)) {
                out.put(e[0], e[1]);
            }
            return Collections.unmodifiableMap(out);
        });
    }

    @Override
    public void setAcl(long mailboxId, String identifier, String rights) {
        requireOpen();
        Rights.checkIdentifier(identifier);
        String normalized = Rights.normalize(rights);
        db.write(tx -> {
            Box box = box(tx, mailboxId).orElseThrow(() -> notFound(mailboxId));
            if (box.owner.equals(identifier)) throw new MailStoreException.Invalid("the owner always has all rights");
            if (normalized.isEmpty()) {
                tx.update("DELETE FROM acl WHERE mailbox_id = ? AND identifier = ?", mailboxId, identifier);
            } else {
                tx.update("MERGE INTO acl (mailbox_id, identifier, rights) KEY (mailbox_id, identifier) VALUES (?, ?, ?)",
                        mailboxId, identifier, normalized);
            }
            return null;
        });
    }

    @Override
    public List<Mailbox> visibleTo(Set<String> identifiers) {
        requireOpen();
        if (identifiers.isEmpty()) return List.of();
        String[] ids = identifiers.toArray(String[]::new);
        return db.read(tx -> tx.list(MAILBOX_SELECT + "WHERE m.id IN (SELECT a.mailbox_id FROM acl a WHERE a.identifier = ANY(?) "
                + "AND POSITION('l' IN a.rights) > 0) AND NOT (m.owner = ANY(?)) ORDER BY m.owner, m.name",
                EmbeddedMailStore::mailboxRow, ids, ids));
    }

    // ------------------------------------------------------------ retention

    @Override
    public int cleanOut(long mailboxId, int days) {
        requireOpen();
        if (days < 0) throw new MailStoreException.Invalid("days must not be negative");
        long cutoff = clock.instant().minus(Duration.ofDays(days)).toEpochMilli();
        List<Long> old = db.read(tx -> {
            requireBox(tx, mailboxId);
            return tx.list("SELECT uid FROM message WHERE mailbox_id = ? AND internal_date < ?", rs -> rs.getLong(1),
                    mailboxId, cutoff);
        });
        return old.isEmpty() ? 0 : expunge(mailboxId, old).size();
    }

    /**
     * Restores the account's messages expunged at or after {@code since} (and within the retention
     * period) with new UIDs into their mailbox, else a mailbox of the same name, else INBOX; without
     * \Deleted, which they usually carried when expunged. Restoring is not refused for quota.
     */
    @Override
    public int recoverDeleted(String account, Instant since) {
        requireOpen();
        long floor = Math.max(since.toEpochMilli(), clock.instant().minus(retention).toEpochMilli());
        List<Indexable> restored = new ArrayList<>();
        Charge[] charge = new Charge[1];
        QuotaPolicy.Limits limits = quota.limits(account);
        db.write(tx -> {
            restored.clear();
            record Item(long id, long mailboxId, String mailboxName, String flags, long internalDate, long size, String blob,
                        String meta) {}
            List<Item> items = tx.list("SELECT id, mailbox_id, mailbox_name, flags, internal_date, size, blob, meta "
                            + "FROM deleted_item WHERE owner = ? AND expunged_at >= ? ORDER BY id",
                    rs -> new Item(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6),
                            rs.getString(7), rs.getString(8)), account, floor);
            long bytes = 0;
            for (Item item : items) {
                Box target = box(tx, item.mailboxId).filter(b -> b.owner.equals(account))
                        .or(() -> unchecked(() -> box(tx, account, item.mailboxName)))
                        .orElseGet(() -> unchecked(() -> inbox(tx, account)));
                Allocation a = allocate(tx, target, 1);
                Set<String> flags = new LinkedHashSet<>(Flags.parse(item.flags));
                flags.remove(MessageFlags.DELETED);
                tx.update("INSERT INTO message (mailbox_id, uid, modseq, created_modseq, flags, seen, internal_date, size, "
                                + "blob, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", target.id, a.firstUid, a.modseq, a.modseq,
                        Flags.format(flags), Flags.seen(flags), item.internalDate, item.size,
                        item.blob, item.meta);
                adjust(tx, target.id, 1, Flags.seen(flags) ? 0 : 1, item.size);
                tx.update("DELETE FROM deleted_item WHERE id = ?", item.id);
                restored.add(new Indexable(account, target.id, a.firstUid, item.blob, item.meta));
                bytes += item.size;
            }
            if (!items.isEmpty()) charge[0] = charge(tx, account, bytes, items.size(), null);
            return null;
        });
        for (Indexable m : restored) indexMessage(m);
        notifyListeners(restored.stream().map(Indexable::mailboxId).distinct().toList());
        if (charge[0] != null) warnIfCrossed(new Charge(account, charge[0].before, charge[0].after, limits));
        return restored.size();
    }

    /** Purges deleted items older than the retention period; the app schedules it. Returns how many. */
    public int sweepDeleted() {
        requireOpen();
        long cutoff = clock.instant().minus(retention).toEpochMilli();
        return db.write(tx -> {
            List<String> blobIds = tx.list("SELECT blob FROM deleted_item WHERE expunged_at < ?", rs -> rs.getString(1), cutoff);
            if (blobIds.isEmpty()) return 0;
            tx.update("DELETE FROM deleted_item WHERE expunged_at < ?", cutoff);
            releaseRefs(tx, count(blobIds));
            return blobIds.size();
        });
    }

    // ------------------------------------------------------------ change notices

    @Override
    public AutoCloseable listen(long mailboxId, Runnable onChange) {
        Objects.requireNonNull(onChange, "onChange");
        listeners.compute(mailboxId, (k, list) -> {
            List<Runnable> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.add(onChange);
            return l;
        });
        return () -> listeners.computeIfPresent(mailboxId, (k, list) -> {
            list.remove(onChange);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            index.close();
        } catch (IOException | RuntimeException e) {
            LogKind.WARNING.log("closing the mail index failed (it is reconciled at the next start): " + e.getMessage());
        }
        db.close();
    }

    // ------------------------------------------------------------ transactions' building blocks

    private static Optional<Box> box(Tx tx, long id) throws SQLException {
        return tx.one(BOX_SELECT + "WHERE id = ?", EmbeddedMailStore::boxRow, id);
    }

    private static Optional<Box> box(Tx tx, String owner, String name) throws SQLException {
        return tx.one(BOX_SELECT + "WHERE owner = ? AND name = ?", EmbeddedMailStore::boxRow, owner, name);
    }

    private static Box requireBox(Tx tx, long id) throws SQLException {
        return box(tx, id).orElseThrow(() -> notFound(id));
    }

    private Box inbox(Tx tx, String owner) throws SQLException {
        Optional<Box> existing = box(tx, owner, MailboxNames.INBOX);
        if (existing.isPresent()) return existing.get();
        insertMailbox(tx, owner, MailboxNames.INBOX, SpecialUse.INBOX, true);
        return box(tx, owner, MailboxNames.INBOX).orElseThrow();
    }

    private long insertMailbox(Tx tx, String owner, String name, SpecialUse use, boolean subscribed) throws SQLException {
        return tx.insert("INSERT INTO mailbox (owner, name, uidvalidity, uidnext, highestmodseq, special_use, subscribed) "
                + "VALUES (?, ?, ?, 1, 1, ?, ?)", owner, name, nextUidValidity(tx), use == null ? null : use.name(), subscribed);
    }

    private void createParents(Tx tx, String owner, String name) throws SQLException {
        for (String parent : MailboxNames.parents(name)) {
            if (box(tx, owner, parent).isEmpty()) insertMailbox(tx, owner, parent, null, false);
        }
    }

    /**
     * A UIDVALIDITY never handed out before in this store: the clock's seconds, or one more than the
     * last value when the clock is behind, so a re-created name never gets an old one (RFC 9051 §2.3.1.1).
     */
    private long nextUidValidity(Tx tx) throws SQLException {
        long last = tx.number("SELECT val FROM counter WHERE name = 'uidvalidity'", 0);
        long next = Math.max(clock.instant().getEpochSecond(), last + 1);
        if (next > MAX_UID) throw new MailStoreException.Invalid("UIDVALIDITY values are exhausted");
        tx.update("MERGE INTO counter (name, val) KEY (name) VALUES ('uidvalidity', ?)", next);
        return next;
    }

    /** Reserves {@code count} UIDs and one new MODSEQ; the row lock and the write lock make it atomic. */
    private static Allocation allocate(Tx tx, Box box, int count) throws SQLException {
        tx.update("UPDATE mailbox SET uidnext = uidnext + ?, highestmodseq = highestmodseq + 1 WHERE id = ?", count, box.id);
        Box now = box(tx, box.id).orElseThrow();
        if (now.uidNext - 1 > MAX_UID) {
            throw new MailStoreException.Invalid("mailbox " + box.name + " has run out of UIDs; rename it and create it anew");
        }
        return new Allocation(now.uidNext - count, now.highestModseq, now.uidValidity);
    }

    private static long bumpModseq(Tx tx, long mailboxId) throws SQLException {
        tx.update("UPDATE mailbox SET highestmodseq = highestmodseq + 1 WHERE id = ?", mailboxId);
        return tx.number("SELECT highestmodseq FROM mailbox WHERE id = ?", 0, mailboxId);
    }

    /** Keeps a mailbox's counts in step with its message rows, in the transaction that changes them. */
    private static void adjust(Tx tx, long mailboxId, long messages, long unseen, long bytes) throws SQLException {
        tx.update("UPDATE mailbox SET messages = messages + ?, unseen = unseen + ?, bytes = bytes + ? WHERE id = ?", messages,
                unseen, bytes, mailboxId);
    }

    private static long unseen(List<Row> rows) { return rows.stream().filter(r -> !Flags.seen(r.flags)).count(); }

    private static void tombstones(Tx tx, long mailboxId, List<Row> rows, long modseq) throws SQLException {
        List<Object[]> batch = new ArrayList<>();
        for (Row r : rows) batch.add(new Object[] {mailboxId, r.uid, modseq});
        tx.batch("MERGE INTO expunged (mailbox_id, uid, modseq) KEY (mailbox_id, uid) VALUES (?, ?, ?)", batch);
    }

    /** Messages leaving their mailbox: kept as deleted items for the retention period, or released. */
    private void retire(Tx tx, Box box, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) return;
        if (retention.isZero()) {
            releaseRefs(tx, count(rows.stream().map(Row::blob).toList()));
            return;
        }
        tx.update("INSERT INTO deleted_item (owner, mailbox_id, mailbox_name, flags, internal_date, size, blob, meta, "
                        + "expunged_at) SELECT ?, mailbox_id, ?, flags, internal_date, size, blob, meta, ? FROM message "
                        + "WHERE mailbox_id = ? AND uid = ANY(?)", box.owner, box.name, clock.instant().toEpochMilli(), box.id,
                rows.stream().map(Row::uid).toArray(Long[]::new));
    }

    /**
     * Takes a reference on a staged blob published before the transaction. Blob files are deleted
     * only under the write lock, so the file seen here stays; when a deletion (of the last row
     * with that content, or a failed append of it) removed it meanwhile, it is published again.
     */
    private void acquireBlob(Tx tx, FileBlobStore.Staged staged) throws SQLException, IOException {
        String id = staged.id();
        if (!blobs.exists(id)) blobs.publish(staged);
        long refs = tx.number("SELECT refs FROM blob_ref WHERE blob = ?", -1, id);
        if (refs < 0) {
            tx.onRollback(() -> deleteBlob(id));
            tx.update("INSERT INTO blob_ref (blob, refs, size) VALUES (?, 1, ?)", id, staged.size());
        } else {
            tx.update("UPDATE blob_ref SET refs = refs + 1 WHERE blob = ?", id);
        }
    }

    /** After a failed append: its published file goes unless a row references that content. */
    private void dropIfUnreferenced(String id) {
        try {
            db.write(tx -> {
                tx.afterCommit(() -> deleteIfUnreferenced(id));
                return null;
            });
        } catch (RuntimeException e) {
            LogKind.WARNING.log("could not remove message file " + id + " of a failed append (removed at the next start): "
                    + e.getMessage());
        }
    }

    /**
     * Runs after a commit, still under the write lock: deletes the file only if no committed row
     * references its content, since a later writer of the same combined commit may have taken a
     * new reference after this one dropped the last.
     */
    private void deleteIfUnreferenced(String id) {
        if (db.read(tx -> tx.number("SELECT refs FROM blob_ref WHERE blob = ?", -1, id)) < 0) deleteBlob(id);
    }

    private static void addRefs(Tx tx, List<Row> rows) throws SQLException {
        for (Map.Entry<String, Long> e : count(rows.stream().map(Row::blob).toList()).entrySet()) {
            tx.update("UPDATE blob_ref SET refs = refs + ? WHERE blob = ?", e.getValue(), e.getKey());
        }
    }

    /** Drops references; a blob nobody references any more is deleted once the transaction commits (and still is unreferenced). */
    private void releaseRefs(Tx tx, Map<String, Long> counts) throws SQLException {
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            tx.update("UPDATE blob_ref SET refs = refs - ? WHERE blob = ?", e.getValue(), e.getKey());
            if (tx.number("SELECT refs FROM blob_ref WHERE blob = ?", 0, e.getKey()) <= 0) {
                tx.update("DELETE FROM blob_ref WHERE blob = ?", e.getKey());
                tx.afterCommit(() -> deleteIfUnreferenced(e.getKey()));
            }
        }
    }

    private static MailStore.Usage usage(Tx tx, String owner) throws SQLException {
        return tx.one("SELECT bytes, messages FROM account_usage WHERE owner = ?",
                rs -> new MailStore.Usage(rs.getLong(1), rs.getLong(2)), owner).orElse(new MailStore.Usage(0, 0));
    }

    /** Adds to an account's usage; with limits, refuses growth beyond them (RFC 9208 OVERQUOTA). */
    private static Charge charge(Tx tx, String owner, long bytes, long messages, QuotaPolicy.Limits limits) throws SQLException {
        MailStore.Usage before = usage(tx, owner);
        if (limits != null) checkQuota(owner, before, bytes, messages, limits);
        MailStore.Usage after = new MailStore.Usage(before.bytes() + bytes, before.messages() + messages);
        tx.update("MERGE INTO account_usage (owner, bytes, messages) KEY (owner) VALUES (?, ?, ?)", owner, after.bytes(),
                after.messages());
        return new Charge(owner, before, after, limits);
    }

    private static void checkQuota(String owner, MailStore.Usage usage, long bytes, long messages, QuotaPolicy.Limits limits) {
        if (limits.bytes() > 0 && bytes > 0 && usage.bytes() + bytes > limits.bytes()) {
            throw new MailStoreException.QuotaExceeded("storage quota of " + owner + " exceeded: " + usage.bytes() + " of "
                    + limits.bytes() + " bytes used, " + bytes + " more requested");
        }
        if (limits.messages() > 0 && messages > 0 && usage.messages() + messages > limits.messages()) {
            throw new MailStoreException.QuotaExceeded("message quota of " + owner + " exceeded: " + usage.messages() + " of "
                    + limits.messages() + " messages stored");
        }
    }

    private void warnIfCrossed(Charge c) {
        QuotaPolicy.Limits l = c.limits;
        if (l == null || l.warningPercent() <= 0) return;
        boolean crossed = crossed(c.before.bytes(), c.after.bytes(), l.bytes(), l.warningPercent())
                || crossed(c.before.messages(), c.after.messages(), l.messages(), l.warningPercent());
        if (!crossed) return;
        try {
            quota.warn(c.owner, c.after, l);
        } catch (RuntimeException e) {
            LogKind.WARNING.log("quota warning for " + c.owner + " failed: " + e.getMessage());
        }
    }

    private static boolean crossed(long before, long after, long limit, int percent) {
        if (limit <= 0) return false;
        double threshold = limit * (percent / 100.0);
        return before < threshold && after >= threshold;
    }

    // ------------------------------------------------------------ index, notices, open-time repair

    private void indexMessage(Indexable m) {
        try {
            MessageMeta meta = metas.get(m.blob);
            if (meta == null) meta = readMeta(m.meta);
            MimePart root = meta.root();
            MessageText.Source source = (from, length) -> blobs.open(m.blob, from, length);
            String bcc = root.envelope() == null ? null : AddressParser.display(root.envelope().bcc());
            String headers = MessageText.headers(source, root.headerStart(), root.bodyStart());
            try (Reader body = MessageText.body(source, root)) {
                index.put(m.owner, m.mailboxId, m.uid, new MailIndex.Content(meta.subject(), meta.from(), meta.to(), meta.cc(),
                        bcc, headers, body));
            }
        } catch (IOException | RuntimeException e) {
            LogKind.WARNING.log("could not index message " + m.uid + " of mailbox " + m.mailboxId + ": " + e.getMessage());
        }
    }

    private void unindex(long mailboxId, Collection<Long> uids) {
        try {
            index.delete(mailboxId, uids);
        } catch (IOException | RuntimeException e) {
            LogKind.WARNING.log("could not remove messages of mailbox " + mailboxId + " from the index: " + e.getMessage());
        }
    }

    private void unindexMailbox(long mailboxId) {
        try {
            index.deleteMailbox(mailboxId);
        } catch (IOException | RuntimeException e) {
            LogKind.WARNING.log("could not remove mailbox " + mailboxId + " from the index: " + e.getMessage());
        }
    }

    private void commitIndex() {
        try {
            index.commit();
        } catch (IOException e) {
            throw new MailStoreException.Unavailable("full-text index failure", e);
        }
    }

    private Optional<Indexable> loadIndexable(long mailboxId, long uid) {
        return db.read(tx -> tx.one("SELECT m.owner, x.blob, x.meta FROM message x JOIN mailbox m ON m.id = x.mailbox_id "
                        + "WHERE x.mailbox_id = ? AND x.uid = ?",
                rs -> new Indexable(rs.getString(1), mailboxId, uid, rs.getString(2), rs.getString(3)), mailboxId, uid));
    }

    private long[] uids(long mailboxId) {
        return db.read(tx -> tx.list("SELECT uid FROM message WHERE mailbox_id = ? ORDER BY uid", rs -> rs.getLong(1), mailboxId))
                .stream().mapToLong(Long::longValue).toArray();
    }

    private void notifyListeners(List<Long> mailboxIds) {
        for (long id : new LinkedHashSet<>(mailboxIds)) {
            List<Runnable> list = listeners.get(id);
            if (list == null) continue;
            for (Runnable r : list) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LogKind.WARNING.log("mailbox change listener failed: " + e.getMessage());
                }
            }
        }
    }

    /** Files of interrupted appends or of deletions cut short by a crash: no row references them. */
    private void removeOrphanBlobs() throws IOException {
        List<String> files = blobs.list();
        for (int i = 0; i < files.size(); i += 1000) {
            List<String> chunk = files.subList(i, Math.min(files.size(), i + 1000));
            Set<String> known = new HashSet<>(db.read(tx -> tx.list("SELECT blob FROM blob_ref WHERE blob = ANY(?)",
                    rs -> rs.getString(1), (Object) chunk.toArray(String[]::new))));
            for (String id : chunk) {
                if (!known.contains(id)) {
                    LogKind.WARNING.log("removing unreferenced message file " + id);
                    blobs.delete(id);
                }
            }
        }
    }

    /** Makes the index agree with the metadata: indexes what is missing, drops what has no row. */
    private void reconcileIndex() throws IOException {
        Map<Long, long[]> indexed = index.keys();
        List<Box> boxes = db.read(tx -> tx.list(BOX_SELECT + "ORDER BY id", EmbeddedMailStore::boxRow));
        int added = 0;
        int dropped = 0;
        for (Box box : boxes) {
            long[] inIndex = indexed.getOrDefault(box.id, new long[0]);
            indexed.remove(box.id);
            long[] inDb = uids(box.id);
            for (long uid : inDb) {
                if (Arrays.binarySearch(inIndex, uid) < 0) {
                    loadIndexable(box.id, uid).ifPresent(this::indexMessage);
                    added++;
                }
            }
            List<Long> stale = new ArrayList<>();
            for (long uid : inIndex) if (Arrays.binarySearch(inDb, uid) < 0) stale.add(uid);
            if (!stale.isEmpty()) {
                index.delete(box.id, stale);
                dropped += stale.size();
            }
        }
        for (long gone : indexed.keySet()) {
            index.deleteMailbox(gone);
            dropped += indexed.get(gone).length;
        }
        if (added + dropped > 0) {
            LogKind.WARNING.log("mail index reconciled with the metadata: " + added + " indexed, " + dropped + " dropped");
            index.commit();
        }
    }

    private void deleteBlob(String id) {
        try {
            blobs.delete(id);
        } catch (IOException e) {
            LogKind.WARNING.log("could not delete message file " + id + " (removed at the next start): " + e.getMessage());
        }
    }

    // ------------------------------------------------------------ small pieces

    private static Set<String> apply(Set<String> current, FlagOp op, Set<String> given) {
        Set<String> next = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        switch (op) {
            case ADD -> {
                next.addAll(current);
                next.addAll(given);
            }
            case REMOVE -> {
                next.addAll(current);
                next.removeAll(given);
            }
            case REPLACE -> next.addAll(given);
        }
        if (next.size() > Flags.MAX_FLAGS) throw new MailStoreException.Invalid("more than " + Flags.MAX_FLAGS + " flags");
        return Collections.unmodifiableSet(next);
    }

    private static Long[] uidArray(Collection<Long> uids) {
        return uids.stream().filter(Objects::nonNull).distinct().toArray(Long[]::new);
    }

    private static long sum(List<Row> rows) { return rows.stream().mapToLong(Row::size).sum(); }

    private static Map<String, Long> count(List<String> blobIds) {
        Map<String, Long> out = new HashMap<>();
        for (String b : blobIds) out.merge(b, 1L, Long::sum);
        return out;
    }

    private static MessageMeta readMeta(String json) { return Json.read(json, MessageMeta.class); }

    private static MessageMeta withUid(MessageMeta m, long uid) {
        return new MessageMeta(uid, m.root(), m.subject(), m.from(), m.to(), m.cc(), m.messageId(), m.inReplyTo(),
                m.references(), m.sentDate());
    }

    private static Mailbox mailboxRow(ResultSet rs) throws SQLException {
        String use = rs.getString(7);
        return new Mailbox(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                use == null ? null : SpecialUse.valueOf(use), rs.getBoolean(8), rs.getInt(9), rs.getInt(10), rs.getLong(11));
    }

    private static Box boxRow(ResultSet rs) throws SQLException {
        return new Box(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getLong(2), Flags.parse(rs.getString(3)), rs.getLong(4), rs.getLong(5),
                rs.getString(6), rs.getLong(7), rs.getMetaData().getColumnCount() > 7 ? rs.getString(8) : null);
    }

    private void requireOpen() {
        if (closed.get()) throw new MailStoreException.Unavailable("the mail store is closed", null);
    }

    private static void checkAccount(String account) {
        if (account == null || account.isBlank() || account.length() > 320) throw new MailStoreException.Invalid("bad account");
    }

    private static MailStoreException.NotFound notFound(String name) {
        return new MailStoreException.NotFound("no mailbox " + name);
    }

    private static MailStoreException.NotFound notFound(long id) {
        return new MailStoreException.NotFound("no mailbox with id " + id);
    }

    @FunctionalInterface
    private interface SqlSupplier<T> {
        T get() throws SQLException;
    }

    /** Lets SQL lookups sit in Optional chains; the transaction turns the wrapped failure back into a rollback. */
    private static <T> T unchecked(SqlSupplier<T> s) {
        try {
            return s.get();
        } catch (SQLException e) {
            throw new MailStoreException.Unavailable("mail storage failure (details in the error log)", e);
        }
    }
}
