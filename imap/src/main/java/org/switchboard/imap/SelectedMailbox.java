package org.switchboard.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.switchboard.imap.codec.ImapResponseWriter;
import org.switchboard.imap.codec.SequenceSet;
import org.switchboard.store.mail.Change;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.Mailbox;
import org.switchboard.store.mail.MessageFlags;
import org.switchboard.store.mail.MessageSummary;

/**
 * One session's view of its selected mailbox: message sequence numbers to UIDs, flags and mod-sequences
 * as the client was told them. The view is the store's state as of {@link #highestModseq()}: changes by
 * anyone (this session included) reach it only through {@link #sync}, which replays the store's change
 * log in MODSEQ order at the moments the session allows.
 *
 * <p>Design notes. RFC 9051 §7.5.1 forbids EXPUNGE while responding to FETCH, STORE or SEARCH and when
 * no command is in progress, because sequence numbers would shift under the client; §7.4.1 and
 * RFC 4315 require EXISTS before a new UID shows up anywhere. RFC 7162 §3.2 adds that a client must
 * never be told a MODSEQ above an expunge it has not seen, or a reconnect would lose that expunge. The
 * one rule that satisfies all three: when expunges may not be sent, replay the log only up to (not
 * including) the first expunge of a message in the view, and stop there. The view is then always a
 * consistent prefix of the log; EXISTS, flag updates and MODSEQs never overtake an expunge. Thread
 * model: the session thread, or during IDLE the notifier thread while the session thread only reads;
 * the store's change callback only sets a flag and wakes a waiter.
 *
 * <p>\Recent (RFC 3501 §2.3.2) is per session: a SELECT claims the messages no session has claimed yet
 * in the store, and so does every later sync for the messages it brings in; EXAMINE only looks.
 */
public final class SelectedMailbox implements AutoCloseable {
    private static final int INITIAL = 64;
    /** Room for new mail beyond the messages at SELECT; the arrays grow by half when it runs out. */
    private static final int SPARE = 16;
    private static final long UNKNOWN = -1;

    /** How updates are reported: MODSEQ in FETCH (CONDSTORE enabled), VANISHED instead of EXPUNGE (QRESYNC). */
    public record Reporting(boolean modseq, boolean vanished) {}

    /**
     * What the view does with \Recent: SELECT claims it, EXAMINE shows what nobody claimed without taking it
     * (RFC 3501 §6.3.2), and an IMAP4rev2 session neither claims nor shows it (RFC 9051 removed \Recent).
     */
    public enum Recent { CLAIM, PEEK, NONE }

    private final MailStore store;
    private final long id;
    private final String name;
    private final boolean readOnly;
    private final String rights;
    private final long uidValidity;
    private final Recent recentMode;
    private final AutoCloseable subscription;
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final Semaphore wakeups = new Semaphore(0);

    // One slot per message in UID order, in parallel arrays: a session holds its whole view for as long as
    // it stays selected, so a view costs about 40 bytes a message, not a map entry and objects per message.
    private long[] uids = new long[INITIAL];
    private long[] modseqs = new long[INITIAL];
    private Object[] flags = new Object[INITIAL];
    /** Size in bytes; {@link #UNKNOWN} for messages that arrived after SELECT until {@link #loadSummaries()}. */
    private long[] sizes = new long[INITIAL];
    private long[] dates = new long[INITIAL];
    private boolean[] recent = new boolean[INITIAL];
    private int count;
    /** Distinct flag sets of the view: most messages share one of a few, so each slot points at a shared copy. */
    private final Map<Set<String>, Set<String>> flagSets = new HashMap<>();
    private final Set<String> keywords = new TreeSet<>();
    private Set<String> announcedKeywords = Set.of();
    private long knownModseq;
    private long uidNext;
    private long reportedModseq;

    private SelectedMailbox(MailStore store, Mailbox mailbox, String name, boolean readOnly, String rights, Recent recentMode) {
        this.store = store;
        this.recentMode = recentMode;
        this.id = mailbox.id();
        this.name = name;
        this.readOnly = readOnly;
        this.rights = rights;
        this.uidValidity = mailbox.uidValidity();
        this.subscription = store.listen(id, () -> {
            dirty.set(true);
            wakeups.release();
        });
    }

    /**
     * Opens the view. Listens before reading so no change is lost; reads the mailbox's HIGHESTMODSEQ
     * before its messages so any change between the two is replayed (replaying is idempotent).
     */
    public static SelectedMailbox open(MailStore store, Mailbox mailbox, String name, boolean readOnly, String rights) {
        return open(store, mailbox, name, readOnly, rights, Recent.NONE);
    }

    /** Opens the view and takes (or, for {@link Recent#PEEK}, looks at) the messages still recent. */
    public static SelectedMailbox open(MailStore store, Mailbox mailbox, String name, boolean readOnly, String rights,
                                       Recent recentMode) {
        SelectedMailbox view = new SelectedMailbox(store, mailbox, name, readOnly, rights, recentMode);
        Mailbox fresh = store.mailbox(mailbox.id()).orElse(mailbox);
        view.knownModseq = fresh.highestModseq();
        view.uidNext = fresh.uidNext();
        List<MessageSummary> messages = store.messages(mailbox.id());
        view.resize(messages.size() + SPARE);
        for (MessageSummary m : messages) {
            int i = view.add(m.uid(), m.flags(), m.modseq());
            view.sizes[i] = m.size();
            view.dates[i] = m.internalDate().toEpochMilli();
            view.uidNext = Math.max(view.uidNext, m.uid() + 1);
        }
        if (view.count > 0) view.markRecent(0);
        view.dirty.set(false);
        return view;
    }

    public long id() { return id; }

    /** The name as the client selected it. */
    public String name() { return name; }

    public boolean readOnly() { return readOnly; }

    /** The user's RFC 4314 rights on the mailbox as of SELECT. */
    public boolean has(char right) { return rights.indexOf(right) >= 0; }

    public long uidValidity() { return uidValidity; }

    public int count() { return count; }

    /** The MODSEQ the view is at: every change up to it has been applied. */
    public long highestModseq() { return knownModseq; }

    public long uidNext() { return uidNext; }

    /** UID of message {@code seq} (1-based). */
    public long uidAt(int seq) { return uids[seq - 1]; }

    /** Message sequence number of a UID, 0 when it is not in the view. */
    public int seqOf(long uid) {
        int i = index(uid);
        return i >= 0 ? i + 1 : 0;
    }

    public boolean contains(long uid) { return index(uid) >= 0; }

    @SuppressWarnings("unchecked")
    public Set<String> flags(long uid) { return (Set<String>) flags[slot(uid)]; }

    public long modseq(long uid) { return modseqs[slot(uid)]; }

    /** Whether the message is recent for this session (never, for IMAP4rev2 sessions). */
    public boolean recent(long uid) { return recent[slot(uid)]; }

    /** How many messages are recent for this session (the RECENT response, RFC 3501 §7.3.2). */
    public int recentCount() {
        int n = 0;
        for (int i = 0; i < count; i++) if (recent[i]) n++;
        return n;
    }

    /** The flags as the client sees them: the stored ones, plus \Recent where this session has it. */
    public Set<String> shownFlags(long uid) {
        int i = slot(uid);
        @SuppressWarnings("unchecked")
        Set<String> stored = (Set<String>) flags[i];
        if (!recent[i]) return stored;
        Set<String> out = new java.util.HashSet<>(stored);
        out.add(MessageFlags.RECENT);
        return out;
    }

    /** Whether the client is told about \Recent at all (RECENT responses, the flag in FETCH). */
    public boolean showsRecent() { return recentMode != Recent.NONE; }

    /** All UIDs in sequence order. */
    public List<Long> uids() {
        List<Long> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(uids[i]);
        return out;
    }

    /** Keywords in use in the view, for FLAGS and PERMANENTFLAGS. */
    public Set<String> keywords() { return Set.copyOf(keywords); }

    /** Size in bytes (RFC822.SIZE); loaded from the store for messages that arrived after SELECT. */
    public long size(long uid) {
        return sizes[known(uid)];
    }

    /** Internal date (RFC 9051 §2.3.3); loaded from the store for messages that arrived after SELECT. */
    public java.time.Instant internalDate(long uid) {
        return java.time.Instant.ofEpochMilli(dates[known(uid)]);
    }

    /** The slot of {@code uid} with its size and date loaded; NotFound when the store no longer has it. */
    private int known(long uid) {
        int i = slot(uid);
        if (sizes[i] != UNKNOWN) return i;
        loadSummaries();
        if (sizes[i] == UNKNOWN) throw new org.switchboard.store.mail.MailStoreException.NotFound("message " + uid + " no longer exists");
        return i;
    }

    private void loadSummaries() {
        for (MessageSummary m : store.messages(id)) {
            int i = index(m.uid());
            if (i >= 0 && sizes[i] == UNKNOWN) {
                sizes[i] = m.size();
                dates[i] = m.internalDate().toEpochMilli();
            }
        }
    }

    /**
     * The UIDs a set names, ascending. Message numbers must exist (RFC 9051 §9: a number beyond the
     * mailbox is an error); UIDs that do not exist are simply not there (RFC 9051 §6.4.8).
     *
     * @throws IllegalArgumentException for a message number beyond the mailbox
     */
    public List<Long> resolve(SequenceSet set, boolean uid) {
        List<Long> out = new ArrayList<>();
        if (uid) {
            if (count == 0) return out;
            long max = uids[count - 1];   // "*" is the highest UID in use
            for (int i = 0; i < count; i++) if (set.contains(uids[i], max)) out.add(uids[i]);
            return out;
        }
        if (set.highest(count) > count || count == 0) throw new IllegalArgumentException("invalid message sequence number");
        for (int seq = 1; seq <= count; seq++) if (set.contains(seq, count)) out.add(uids[seq - 1]);
        return out;
    }

    /**
     * This session's own flag change (STORE, implicit \Seen): applied at once so the tagged response can
     * report it; the same change coming back through the log is then recognized and not reported twice.
     */
    public void applyOwn(MessageSummary changed) {
        int i = index(changed.uid());
        if (i < 0) return;
        flags[i] = intern(changed.flags());
        modseqs[i] = Math.max(modseqs[i], changed.modseq());
        reportedModseq = Math.max(reportedModseq, changed.modseq());
        noteKeywords(changed.flags());
    }

    /**
     * Brings the view up to date and writes the untagged responses for it (EXPUNGE or VANISHED, FLAGS,
     * EXISTS, FETCH). With {@code expungeAllowed} false nothing at or after the first pending expunge is
     * applied (see the class notes).
     */
    public void sync(ImapResponseWriter out, boolean expungeAllowed, Reporting reporting) throws IOException {
        if (!dirty.getAndSet(false)) return;
        List<Change> changes = store.changesSince(id, knownModseq);
        long stop = Long.MAX_VALUE;
        if (!expungeAllowed) {
            for (Change c : changes) {
                if (c instanceof Change.Expunged && contains(c.uid())) {
                    stop = c.modseq();
                    break;
                }
            }
        }
        List<Long> expunged = new ArrayList<>();
        Set<Long> added = new java.util.HashSet<>();
        Map<Long, Long> flagChanges = new HashMap<>();
        int before = count;
        long applied = knownModseq;
        for (Change c : changes) {
            if (c.modseq() >= stop) {
                // A message that arrived before the held-back expunge but changed flags after it still joins the
                // view now, at its arrival MODSEQ: the next sync finds it in the view and brings the later flags.
                // Leaving it out would lose it, since later syncs see it only as a flag change.
                if (c instanceof Change.Added a && a.createdModseq() < stop && index(a.uid()) < 0) {
                    uidNext = Math.max(uidNext, a.uid() + 1);
                    int i = add(a.uid(), a.flags(), a.createdModseq());
                    sizes[i] = UNKNOWN;
                    added.add(a.uid());
                }
                continue;
            }
            applied = Math.max(applied, c.modseq());
            switch (c) {
                case Change.Added a -> {
                    uidNext = Math.max(uidNext, a.uid() + 1);
                    int i = index(a.uid());
                    if (i < 0) {
                        i = add(a.uid(), a.flags(), a.modseq());
                        sizes[i] = UNKNOWN;
                        added.add(a.uid());
                    } else if (!flags[i].equals(a.flags())) {
                        flags[i] = intern(a.flags());
                        modseqs[i] = a.modseq();
                        flagChanges.put(a.uid(), a.modseq());
                    }
                }
                case Change.FlagsChanged f -> {
                    int i = index(f.uid());
                    if (i >= 0 && f.modseq() > modseqs[i]) {
                        boolean differ = !flags[i].equals(f.flags());
                        flags[i] = intern(f.flags());
                        modseqs[i] = f.modseq();
                        noteKeywords(f.flags());
                        if (differ || reporting.modseq()) flagChanges.put(f.uid(), f.modseq());
                    }
                }
                case Change.Expunged x -> {
                    if (added.remove(x.uid())) {
                        remove(x.uid());   // came and went between two syncs: the client never hears of it
                    } else if (contains(x.uid())) {
                        expunged.add(x.uid());
                    }
                }
            }
        }
        knownModseq = stop == Long.MAX_VALUE ? applied : Math.max(applied, stop - 1);
        if (stop != Long.MAX_VALUE) dirty.set(true);   // the held-back rest stays pending

        // Expunges first, in ascending order with numbers adjusted as each one takes effect (RFC 9051 §7.5.1).
        if (!expunged.isEmpty()) {
            expunged.sort(null);
            if (reporting.vanished()) {
                for (long uid : expunged) remove(uid);
                out.untagged().raw("VANISHED ").raw(SequenceSet.format(expunged)).end();
            } else {
                for (long uid : expunged) {
                    int seq = seqOf(uid);
                    remove(uid);
                    out.untagged().number(seq).raw(" EXPUNGE").end();
                }
            }
            for (long uid : expunged) flagChanges.remove(uid);
        }
        added.removeAll(expunged);
        if (!added.isEmpty()) markRecent(java.util.Collections.min(added));
        announceKeywords(out);
        // EXISTS before any response that could use a new message's number or UID (RFC 9051 §7.4.1); an
        // IMAP4rev1 client hears how many are recent with it (RFC 3501 §7.3.2).
        if (count != before - expunged.size()) {
            out.untagged().number(count).raw(" EXISTS").end();
            if (showsRecent()) out.untagged().number(recentCount()).raw(" RECENT").end();
        }
        for (long uid : new TreeSet<>(flagChanges.keySet())) {
            int seq = seqOf(uid);
            if (seq == 0 || added.contains(uid)) continue;   // new messages come with their flags on FETCH
            writeFlagsFetch(out, seq, uid, reporting);
        }
        // RFC 7162 §3.2: if a MODSEQ above a withheld expunge was reported, lower the client's HIGHESTMODSEQ.
        if (stop != Long.MAX_VALUE && reporting.modseq() && reportedModseq >= stop) {
            out.untagged().raw("OK [HIGHESTMODSEQ " + (stop - 1) + "] Some messages were expunged meanwhile").end();
            reportedModseq = stop - 1;   // what the client now takes as its highest; only a higher report needs another
        }
    }

    /** A new keyword must be in FLAGS before a FETCH shows it (RFC 9051 §7.3.5). */
    public void announceKeywords(ImapResponseWriter out) throws IOException {
        if (!keywords.equals(announcedKeywords)) writeFlags(out);
    }

    /** "* FLAGS" and "* OK [PERMANENTFLAGS]" (RFC 9051 §7.3.5, §7.1). */
    public void writeFlags(ImapResponseWriter out) throws IOException {
        announcedKeywords = Set.copyOf(keywords);
        out.untagged().raw("FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft");
        for (String k : keywords) out.sp().raw(k);
        out.raw(")").end();
        if (readOnly) {
            out.untagged().raw("OK [PERMANENTFLAGS ()] Read-only mailbox").end();
        } else {
            out.untagged().raw("OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft");
            for (String k : keywords) out.sp().raw(k);
            out.raw(" \\*)] Flags permitted").end();
        }
    }

    /** An unsolicited flag update; UID is always included (RFC 7162 §3.2.4 requires it under QRESYNC). */
    public void writeFlagsFetch(ImapResponseWriter out, int seq, long uid, Reporting reporting) throws IOException {
        int i = slot(uid);
        out.untagged().number(seq).raw(" FETCH (UID ").number(uid).raw(" FLAGS ");
        writeFlagList(out, shownFlags(uid));
        if (reporting.modseq()) {
            out.raw(" MODSEQ (").number(modseqs[i]).raw(")");
            reportedModseq = Math.max(reportedModseq, modseqs[i]);
        }
        out.raw(")").end();
    }

    public static void writeFlagList(ImapResponseWriter out, Collection<String> flags) throws IOException {
        out.raw("(");
        boolean first = true;
        for (String f : new TreeSet<>(flags)) {
            if (!first) out.sp();
            first = false;
            out.raw(f);
        }
        out.raw(")");
    }

    /** Notes that a MODSEQ was shown to the client (FETCH MODSEQ), for the RFC 7162 §3.2 rule in {@link #sync}. */
    public void reported(long modseq) {
        reportedModseq = Math.max(reportedModseq, modseq);
    }

    /** Whether the store has changes the view has not applied yet (a hint; may be stale by the time it is used). */
    public boolean hasPendingChanges() { return dirty.get(); }

    /** Waits up to {@code millis} for a change notice; for IDLE. Returns early when {@link #wake} is called. */
    public void awaitChange(long millis) throws InterruptedException {
        if (dirty.get()) return;
        wakeups.tryAcquire(millis, TimeUnit.MILLISECONDS);
        wakeups.drainPermits();
    }

    /** Wakes a thread in {@link #awaitChange} (the session ends IDLE). */
    public void wake() {
        wakeups.release();
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            // Unsubscribing from an in-memory listener list; nothing the session could do about a failure.
        }
    }

    /** Inserts a message in UID order; returns its slot (size and date left for the caller). */
    private int add(long uid, Set<String> messageFlags, long modseq) {
        if (count == uids.length) grow();
        int at = count > 0 && uid < uids[count - 1] ? -Arrays.binarySearch(uids, 0, count, uid) - 1 : count;
        if (at < count) {
            System.arraycopy(uids, at, uids, at + 1, count - at);
            System.arraycopy(modseqs, at, modseqs, at + 1, count - at);
            System.arraycopy(flags, at, flags, at + 1, count - at);
            System.arraycopy(sizes, at, sizes, at + 1, count - at);
            System.arraycopy(dates, at, dates, at + 1, count - at);
            System.arraycopy(recent, at, recent, at + 1, count - at);
        }
        uids[at] = uid;
        recent[at] = false;
        modseqs[at] = modseq;
        flags[at] = intern(messageFlags);
        count++;
        noteKeywords(messageFlags);
        return at;
    }

    private void remove(long uid) {
        int i = index(uid);
        if (i < 0) return;
        int tail = count - i - 1;
        System.arraycopy(uids, i + 1, uids, i, tail);
        System.arraycopy(modseqs, i + 1, modseqs, i, tail);
        System.arraycopy(flags, i + 1, flags, i, tail);
        System.arraycopy(sizes, i + 1, sizes, i, tail);
        System.arraycopy(dates, i + 1, dates, i, tail);
        System.arraycopy(recent, i + 1, recent, i, tail);
        count--;
        flags[count] = null;
    }

    private void grow() {
        resize(count + (count >> 1) + SPARE);
    }

    private void resize(int n) {
        uids = Arrays.copyOf(uids, n);
        modseqs = Arrays.copyOf(modseqs, n);
        flags = Arrays.copyOf(flags, n);
        sizes = Arrays.copyOf(sizes, n);
        dates = Arrays.copyOf(dates, n);
        recent = Arrays.copyOf(recent, n);
    }

    /**
     * Marks the messages at or above {@code fromUid} that no session had claimed as recent for this one, claiming
     * them up to the highest UID in the view when the view claims; the store decides atomically who gets them.
     */
    private void markRecent(long fromUid) {
        if (recentMode == Recent.NONE || count == 0) return;
        long top = uids[count - 1];
        long mark = recentMode == Recent.CLAIM ? store.claimRecent(id, top) : store.recentClaimed(id);
        for (int i = count - 1; i >= 0 && uids[i] >= fromUid; i--) if (uids[i] > mark) recent[i] = true;
    }

    private int index(long uid) {
        return Arrays.binarySearch(uids, 0, count, uid);
    }

    /** The slot of a UID the caller knows is in the view. */
    private int slot(long uid) {
        int i = index(uid);
        if (i < 0) throw new java.util.NoSuchElementException("UID " + uid + " is not in the view");
        return i;
    }

    private Set<String> intern(Set<String> messageFlags) {
        Set<String> copy = Set.copyOf(messageFlags);
        Set<String> shared = flagSets.putIfAbsent(copy, copy);
        return shared != null ? shared : copy;
    }

    private void noteKeywords(Set<String> flags) {
        for (String f : flags) if (!MessageFlags.SYSTEM.contains(f) && !f.startsWith("\\")) keywords.add(f);
    }
}
