package org.switchboard.imap.codec;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One parsed client command (RFC 9051 §6 and the extensions the server announces). One record per
 * verb; the UID prefix is a flag on the records it applies to. Optional parts that were not sent are
 * null (documented per record); collections are never null.
 */
public sealed interface ImapRequest {
    String tag();

    /** The verb as the client spelled it in upper case, for messages ("UID FETCH", "SELECT"). */
    default String command() {
        String name = getClass().getSimpleName();
        return switch (this) {
            case Fetch f -> f.uid() ? "UID FETCH" : "FETCH";
            case Store s -> s.uid() ? "UID STORE" : "STORE";
            case Search s -> s.uid() ? "UID SEARCH" : "SEARCH";
            case Copy c -> c.uid() ? "UID COPY" : "COPY";
            case Move m -> m.uid() ? "UID MOVE" : "MOVE";
            case Sort s -> s.uid() ? "UID SORT" : "SORT";
            case ThreadMessages t -> t.uid() ? "UID THREAD" : "THREAD";
            case Expunge e -> e.uids() != null ? "UID EXPUNGE" : "EXPUNGE";
            case Select s -> s.readOnly() ? "EXAMINE" : "SELECT";
            case ListMailboxes l -> "LIST";
            default -> name.toUpperCase(java.util.Locale.ROOT);
        };
    }

    record Capability(String tag) implements ImapRequest {}

    record Noop(String tag) implements ImapRequest {}

    record Logout(String tag) implements ImapRequest {}

    record StartTls(String tag) implements ImapRequest {}

    /** @param initialResponse SASL-IR (RFC 4959): null when none was sent, "" for "=", else base64 */
    record Authenticate(String tag, String mechanism, String initialResponse) implements ImapRequest {}

    record Login(String tag, String user, String password) implements ImapRequest {}

    record Enable(String tag, List<String> capabilities) implements ImapRequest {
        public Enable { capabilities = List.copyOf(capabilities); }
    }

    /** RFC 2971; {@code fields} is empty for NIL, and values may be null. */
    record Id(String tag, Map<String, String> fields) implements ImapRequest {
        public Id { fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields)); }
    }

    record Namespace(String tag) implements ImapRequest {}

    /** RFC 7162 §3.2.5 QRESYNC select parameter; knownUids and the sequence match data may be null. */
    record Qresync(long uidValidity, long modseq, SequenceSet knownUids, SequenceSet knownSequences, SequenceSet knownSequenceUids) {}

    /** SELECT, or EXAMINE when {@code readOnly}; {@code qresync} is null unless sent. */
    record Select(String tag, String mailbox, boolean readOnly, boolean condstore, Qresync qresync) implements ImapRequest {}

    /** @param specialUse RFC 6154 §5 "USE (\Sent ...)"; empty when absent */
    record Create(String tag, String mailbox, List<String> specialUse) implements ImapRequest {
        public Create { specialUse = List.copyOf(specialUse); }
    }

    record Delete(String tag, String mailbox) implements ImapRequest {}

    record Rename(String tag, String from, String to) implements ImapRequest {}

    record Subscribe(String tag, String mailbox) implements ImapRequest {}

    record Unsubscribe(String tag, String mailbox) implements ImapRequest {}

    enum ListSelect { SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL_USE }

    enum ListReturn { SUBSCRIBED, CHILDREN, SPECIAL_USE, STATUS }

    enum StatusItem { MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE, RECENT, HIGHESTMODSEQ, APPENDLIMIT }

    /**
     * LIST, plain or extended (RFC 5258): selection options, patterns, RETURN options; {@code status} holds
     * the items of RETURN (STATUS (...)) (RFC 5819).
     */
    record ListMailboxes(String tag, String reference, List<String> patterns, Set<ListSelect> select,
                         Set<ListReturn> returns, List<StatusItem> status) implements ImapRequest {
        public ListMailboxes {
            patterns = List.copyOf(patterns);
            select = Set.copyOf(select);
            returns = Set.copyOf(returns);
            status = List.copyOf(status);
        }
    }

    record Lsub(String tag, String reference, String pattern) implements ImapRequest {}

    record Status(String tag, String mailbox, List<StatusItem> items) implements ImapRequest {
        public Status { items = List.copyOf(items); }
    }

    /**
     * APPEND up to its message literal, which the reader hands over as a stream. {@code internalDate} is
     * null when absent; {@code binary} for literal8 (RFC 3516 §4.4), {@code utf8} for "UTF8 (~{n})" (RFC 6855 §4).
     */
    record Append(String tag, String mailbox, Set<String> flags, Instant internalDate, long size, boolean binary,
                  boolean utf8) implements ImapRequest {
        public Append { flags = Set.copyOf(flags); }
    }

    record Idle(String tag) implements ImapRequest {}

    record Check(String tag) implements ImapRequest {}

    record Close(String tag) implements ImapRequest {}

    record Unselect(String tag) implements ImapRequest {}

    /** EXPUNGE, or UID EXPUNGE (RFC 4315 §2.1) when {@code uids} is not null. */
    record Expunge(String tag, SequenceSet uids) implements ImapRequest {}

    enum SearchReturn { MIN, MAX, ALL, COUNT, SAVE }

    /**
     * SEARCH / UID SEARCH. {@code returns} is null for the classic form and the ESEARCH options otherwise
     * (RFC 4731; "RETURN ()" means ALL); {@code charset} null when not given.
     */
    record Search(String tag, boolean uid, Set<SearchReturn> returns, String charset, SearchKey key) implements ImapRequest {
        public Search { returns = returns == null ? null : Set.copyOf(returns); }
    }

    /** @param changedSince RFC 7162 CHANGEDSINCE, -1 when absent; {@code vanished} only with UID FETCH */
    record Fetch(String tag, boolean uid, SequenceSet set, List<FetchItem> items, long changedSince, boolean vanished)
            implements ImapRequest {
        public Fetch { items = List.copyOf(items); }
    }

    enum StoreMode { ADD, REMOVE, REPLACE }

    /** @param unchangedSince RFC 7162 UNCHANGEDSINCE, -1 when absent */
    record Store(String tag, boolean uid, SequenceSet set, long unchangedSince, StoreMode mode, boolean silent,
                 Set<String> flags) implements ImapRequest {
        public Store { flags = Set.copyOf(flags); }
    }

    record Copy(String tag, boolean uid, SequenceSet set, String mailbox) implements ImapRequest {}

    record Move(String tag, boolean uid, SequenceSet set, String mailbox) implements ImapRequest {}

    enum SortCriterion { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, DISPLAYFROM, DISPLAYTO }

    record SortKey(SortCriterion criterion, boolean reverse) {}

    /** RFC 5256 SORT; {@code returns} as in {@link Search} (RFC 5267 ESORT is not offered, so always null). */
    record Sort(String tag, boolean uid, List<SortKey> criteria, String charset, SearchKey key) implements ImapRequest {
        public Sort { criteria = List.copyOf(criteria); }
    }

    /** RFC 5256 THREAD; the algorithm in upper case ("REFERENCES", "ORDEREDSUBJECT"). */
    record ThreadMessages(String tag, boolean uid, String algorithm, String charset, SearchKey key) implements ImapRequest {}

    record GetQuota(String tag, String root) implements ImapRequest {}

    record GetQuotaRoot(String tag, String mailbox) implements ImapRequest {}

    /** RFC 9208 SETQUOTA: resource name (upper case) to limit. */
    record SetQuota(String tag, String root, Map<String, Long> limits) implements ImapRequest {
        public SetQuota { limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits)); }
    }

    record GetAcl(String tag, String mailbox) implements ImapRequest {}

    /** RFC 4314 §3.1: rights may start with "+" or "-" to add or remove. */
    record SetAcl(String tag, String mailbox, String identifier, String rights) implements ImapRequest {}

    record DeleteAcl(String tag, String mailbox, String identifier) implements ImapRequest {}

    record ListRights(String tag, String mailbox, String identifier) implements ImapRequest {}

    record MyRights(String tag, String mailbox) implements ImapRequest {}

    record Compress(String tag, String mechanism) implements ImapRequest {}
}
