package org.switchboard.store.mail;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mail store: folders and messages of every account, with IMAP semantics kept natively.
 * One write path ({@link #append}) for every source, so quota, parsing, indexing and change
 * notices happen in one place. Every mutating call is durable when it returns (metadata
 * committed, blob fsynced). Thread-safe; callers never hold locks across calls.
 *
 * <p>Mailbox names are full paths with '/' as delimiter; "INBOX" matches case-insensitively.
 * Accounts are directory user ids.
 */
public interface MailStore extends AutoCloseable {

    // ------------------------------------------------------------ mailboxes

    /** Creates INBOX, Sent, Drafts, Junk, Trash and Archive (with their special-use roles) if missing. */
    void ensureDefaultMailboxes(String account);

    List<Mailbox> mailboxes(String account);

    Optional<Mailbox> mailbox(String account, String name);

    Optional<Mailbox> mailbox(long mailboxId);

    /** Creates a mailbox (and missing parents, RFC 9051 §6.3.4); fails with MailStoreException.Exists. */
    Mailbox create(String account, String name, SpecialUse specialUse);

    /** Deletes a mailbox and its messages; INBOX cannot be deleted. */
    void delete(String account, String name);

    /** Renames a mailbox and its children; renaming INBOX moves its messages to a new mailbox (RFC 9051 §6.3.6). */
    void rename(String account, String from, String to);

    void subscribe(String account, String name, boolean subscribed);

    // ------------------------------------------------------------ messages

    /** Where a message comes from (one write path for all of them). */
    enum Source { SMTP_DELIVERY, IMAP_APPEND, WEBMAIL_SAVE, MIGRATION, RESTORE, PBX_VOICEMAIL, ARCHIVE }

    record AppendResult(long uidValidity, long uid, long modseq) {}

    /**
     * Stores a message: streams {@code raw} to an immutable blob (fsync), parses it once,
     * commits the metadata, indexes it, and notifies listeners. At most {@code maxBytes}
     * are read; beyond that MailStoreException.TooLarge. Quota is checked against the owner.
     */
    AppendResult append(long mailboxId, InputStream raw, Set<String> flags, Instant internalDate, Source source, long maxBytes)
            throws IOException;

    /** All messages of a mailbox in UID order (the session's starting view). */
    List<MessageSummary> messages(long mailboxId);

    /** Changes with a MODSEQ greater than {@code sinceModseq}, in MODSEQ order. */
    List<Change> changesSince(long mailboxId, long sinceModseq);

    /** UIDs expunged with a MODSEQ greater than {@code sinceModseq} (QRESYNC VANISHED (EARLIER)). */
    List<Long> expungedSince(long mailboxId, long sinceModseq);

    Optional<MessageMeta> meta(long mailboxId, long uid);

    /** The raw message bytes, streamed from the blob; {@code from}/{@code length} select a range. */
    InputStream open(long mailboxId, long uid, long from, long length) throws IOException;

    enum FlagOp { ADD, REMOVE, REPLACE }

    record FlagResult(List<MessageSummary> changed, List<Long> failedModified) {}

    /**
     * Changes flags (RFC 9051 STORE, RFC 7162 UNCHANGEDSINCE: messages whose MODSEQ is above
     * {@code unchangedSince} are not changed and are reported in failedModified; -1 = no condition).
     */
    FlagResult store(long mailboxId, Collection<Long> uids, FlagOp op, Set<String> flags, long unchangedSince);

    record CopyResult(long uidValidity, List<Long> sourceUids, List<Long> targetUids) {}

    /** Copies messages (blobs are shared, not duplicated); the result feeds COPYUID (RFC 4315). */
    CopyResult copy(long fromMailboxId, Collection<Long> uids, long toMailboxId);

    /** Copy + expunge as one step (RFC 6851). */
    CopyResult move(long fromMailboxId, Collection<Long> uids, long toMailboxId);

    /** Removes messages; returns the UIDs actually removed. */
    List<Long> expunge(long mailboxId, Collection<Long> uids);

    // ------------------------------------------------------------ \Recent (RFC 3501 §2.3.2)

    /** The highest UID some session has already taken as recent (0 when none): messages above it are still recent. */
    long recentClaimed(long mailboxId);

    /**
     * Takes the messages up to {@code uid} as recent for the caller: raises the mark to {@code uid} and returns
     * the mark before, atomically, so of sessions claiming at once exactly one gets each message.
     */
    long claimRecent(long mailboxId, long uid);

    // ------------------------------------------------------------ search and quota

    /**
     * Full-text search in one mailbox (Lucene). {@code field} is one of "text" (headers and
     * body), "body", "subject", "from", "to", "cc", "bcc"; matching is case-insensitive and
     * substring-like on words as RFC 9051 SEARCH expects.
     */
    Set<Long> search(long mailboxId, String field, String text);

    record Usage(long bytes, long messages) {}

    Usage usage(String account);

    /** Rebuilds the full-text index of an account (or all accounts when null); reports progress. */
    void reindex(String account, java.util.function.LongConsumer progress);

    // ------------------------------------------------------------ sharing (RFC 4314 rights)

    /** Identifier ("user id", "group:<id>", "anyone", "authuser") to rights letters, e.g. "lrswipkxtea". */
    java.util.Map<String, String> acl(long mailboxId);

    /** Sets (or with empty rights removes) an identifier's rights; the owner always keeps all rights. */
    void setAcl(long mailboxId, String identifier, String rights);

    /** Mailboxes of other owners (including public folders) on which any of {@code identifiers} has the 'l' right. */
    List<Mailbox> visibleTo(Set<String> identifiers);

    // ------------------------------------------------------------ retention

    /** Deletes messages older than {@code days} (by internal date) from a mailbox; returns how many. */
    int cleanOut(long mailboxId, int days);

    /** Restores messages expunged from an account within the retention period into their mailboxes (or INBOX). */
    int recoverDeleted(String account, Instant since);

    // ------------------------------------------------------------ change notices

    /** Called (on the writer's thread; keep it short) after every committed change to the mailbox. */
    AutoCloseable listen(long mailboxId, Runnable onChange);

    @Override
    void close();
}
