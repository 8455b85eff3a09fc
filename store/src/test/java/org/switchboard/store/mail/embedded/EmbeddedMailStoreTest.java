package org.switchboard.store.mail.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.store.mail.Change;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MailStore.AppendResult;
import org.switchboard.store.mail.MailStore.CopyResult;
import org.switchboard.store.mail.MailStore.FlagOp;
import org.switchboard.store.mail.MailStore.FlagResult;
import org.switchboard.store.mail.MailStoreException;
import org.switchboard.store.mail.Mailbox;
import org.switchboard.store.mail.MessageFlags;
import org.switchboard.store.mail.MessageMeta;
import org.switchboard.store.mail.MessageSummary;
import org.switchboard.store.mail.QuotaPolicy;
import org.switchboard.store.mail.SpecialUse;

class EmbeddedMailStoreTest {
    private static final String ALICE = "alice";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-07-01T00:00:00Z"));
    private final List<EmbeddedMailStore> opened = new ArrayList<>();
    private EmbeddedMailStore store;

    @BeforeEach
    void open() throws IOException {
        store = open(dir.resolve("data"), EmbeddedMailStore.DEFAULT_RETENTION, QuotaPolicy.UNLIMITED);
        store.ensureDefaultMailboxes(ALICE);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(EmbeddedMailStore::close);
    }

    private EmbeddedMailStore open(Path data, Duration retention, QuotaPolicy quota) throws IOException {
        EmbeddedMailStore s = EmbeddedMailStore.open(data, quota, clock, retention);
        opened.add(s);
        return s;
    }

    /** A store that deletes a file as soon as its last reference goes, with alice's folders. */
    private EmbeddedMailStore withoutRetention(Path data) throws IOException {
        EmbeddedMailStore s = open(data, Duration.ZERO, QuotaPolicy.UNLIMITED);
        s.ensureDefaultMailboxes(ALICE);
        return s;
    }

    private long id(MailStore s, String name) { return s.mailbox(ALICE, name).orElseThrow().id(); }

    private long inbox() { return id(store, "INBOX"); }

    private static AppendResult append(MailStore s, long mailbox, byte[] message, String... flags) throws IOException {
        return s.append(mailbox, new ByteArrayInputStream(message), Set.of(flags), null, MailStore.Source.IMAP_APPEND,
                Long.MAX_VALUE);
    }

    private static byte[] message(String subject) {
        return Messages.crlf("From: bob@example.com\nTo: alice@example.com\nSubject: " + subject + "\n\nBody of " + subject + "\n");
    }

    private static long blobFiles(Path data) throws IOException {
        try (Stream<Path> files = Files.walk(data.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("tmp")).count();
        }
    }

    private static byte[] read(MailStore s, long mailbox, long uid, long from, long length) throws IOException {
        try (InputStream in = s.open(mailbox, uid, from, length)) {
            return in.readAllBytes();
        }
    }

    // ------------------------------------------------------------ \Recent

    @Test
    void claimRecent_eightSessionsAtOnce_exactlyOneGetsTheMessages() throws Exception {
        long box = inbox();
        append(store, box, message("one"));
        append(store, box, message("two"));
        List<java.util.concurrent.Future<Long>> claims = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            var start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 8; i++) {
                claims.add(pool.submit(() -> {
                    start.await();
                    return store.claimRecent(box, 2);
                }));
            }
            start.countDown();
        }
        List<Long> before = new ArrayList<>();
        for (var c : claims) before.add(c.get());

        assertThat(before).filteredOn(b -> b == 0).hasSize(1);
        assertThat(before).filteredOn(b -> b == 2).hasSize(7);
        assertThat(store.recentClaimed(box)).isEqualTo(2);
        assertThat(store.claimRecent(box, 1)).isEqualTo(2);
        assertThat(store.recentClaimed(box)).isEqualTo(2);
    }

    @Test
    void recentClaimed_afterReopen_kept() throws IOException {
        long box = inbox();
        store.claimRecent(box, 5);
        store.close();

        EmbeddedMailStore again = open(dir.resolve("data"), EmbeddedMailStore.DEFAULT_RETENTION, QuotaPolicy.UNLIMITED);
        assertThat(again.recentClaimed(box)).isEqualTo(5);
        assertThat(again.recentClaimed(id(again, "Sent"))).isZero();
    }

    // ------------------------------------------------------------ mailboxes

    @Test
    void ensureDefaultMailboxes_twice_sixSubscribedSpecialUseFolders() {
        store.ensureDefaultMailboxes(ALICE);

        assertThat(store.mailboxes(ALICE)).extracting(Mailbox::name)
                .containsExactlyInAnyOrder("INBOX", "Sent", "Drafts", "Junk", "Trash", "Archive");
        assertThat(store.mailbox(ALICE, "Trash").orElseThrow().specialUse()).isEqualTo(SpecialUse.TRASH);
        assertThat(store.mailbox(ALICE, "INBOX").orElseThrow().specialUse()).isEqualTo(SpecialUse.INBOX);
        assertThat(store.mailboxes(ALICE)).allMatch(Mailbox::subscribed);
    }

    @Test
    void create_nestedName_createsMissingParents() {
        Mailbox leaf = store.create(ALICE, "Projects/2025/Q3", null);

        assertThat(leaf.name()).isEqualTo("Projects/2025/Q3");
        assertThat(store.mailbox(ALICE, "Projects")).isPresent();
        assertThat(store.mailbox(ALICE, "Projects/2025")).isPresent();
        assertThat(leaf.uidNext()).isEqualTo(1);
        assertThat(leaf.highestModseq()).isPositive();
        assertThat(leaf.subscribed()).isFalse();
    }

    @Test
    void create_existingName_exists() {
        store.create(ALICE, "Work", null);

        assertThatThrownBy(() -> store.create(ALICE, "Work", null)).isInstanceOf(MailStoreException.Exists.class);
    }

    @Test
    void mailboxName_inboxInAnyCase_isTheInbox() {
        assertThat(store.mailbox(ALICE, "inbox").orElseThrow().id()).isEqualTo(inbox());
        assertThatThrownBy(() -> store.create(ALICE, "iNbOx", null)).isInstanceOf(MailStoreException.Exists.class);
        assertThat(store.create(ALICE, "Inbox/Sub", null).name()).isEqualTo("INBOX/Sub");
        assertThat(store.mailbox(ALICE, "Work")).isEmpty();
    }

    @Test
    void create_badNames_invalid() {
        for (String bad : List.of("", "/a", "a/", "a//b", "a*b", "a%b", "tab\there")) {
            assertThatThrownBy(() -> store.create(ALICE, bad, null)).as(bad).isInstanceOf(MailStoreException.Invalid.class);
        }
    }

    @Test
    void delete_inboxOrParent_refusedOtherwiseRemovesMessages() throws IOException {
        store.create(ALICE, "Work/Sub", null);
        long work = id(store, "Work/Sub");
        append(store, work, message("one"));

        assertThatThrownBy(() -> store.delete(ALICE, "inbox")).isInstanceOf(MailStoreException.Invalid.class);
        assertThatThrownBy(() -> store.delete(ALICE, "Work")).isInstanceOf(MailStoreException.Invalid.class)
                .hasMessageContaining("children");
        store.delete(ALICE, "Work/Sub");

        assertThat(store.mailbox(ALICE, "Work/Sub")).isEmpty();
        assertThat(store.usage(ALICE)).isEqualTo(new MailStore.Usage(0, 0));
        assertThatThrownBy(() -> store.messages(work)).isInstanceOf(MailStoreException.NotFound.class);
        assertThatThrownBy(() -> store.delete(ALICE, "Work/Sub")).isInstanceOf(MailStoreException.NotFound.class);
    }

    @Test
    void uidValidity_recreatedOrRenamedName_neverRepeats() {
        Set<Long> seen = new HashSet<>();
        store.mailboxes(ALICE).forEach(m -> seen.add(m.uidValidity()));
        long first = store.create(ALICE, "Work", null).uidValidity();
        store.delete(ALICE, "Work");
        long second = store.create(ALICE, "Work", null).uidValidity();
        store.rename(ALICE, "Work", "Old");
        long third = store.create(ALICE, "Work", null).uidValidity();

        assertThat(seen).doesNotContain(first, second, third);
        assertThat(Set.of(first, second, third)).hasSize(3);
        assertThat(store.mailbox(ALICE, "Old").orElseThrow().uidValidity()).isEqualTo(second);
    }

    @Test
    void rename_withChildren_movesSubtreeKeepingIdentity() throws IOException {
        Mailbox b = store.create(ALICE, "a/b/c", null);
        long bId = id(store, "a/b");
        append(store, bId, message("kept"));

        store.rename(ALICE, "a", "x/y");

        assertThat(store.mailboxes(ALICE)).extracting(Mailbox::name).contains("x", "x/y", "x/y/b", "x/y/b/c")
                .noneMatch(n -> n.startsWith("a"));
        Mailbox moved = store.mailbox(ALICE, "x/y/b").orElseThrow();
        assertThat(moved.id()).isEqualTo(bId);
        assertThat(moved.messages()).isEqualTo(1);
        assertThat(store.mailbox(ALICE, "x/y/b/c").orElseThrow().uidValidity()).isEqualTo(b.uidValidity());
    }

    @Test
    void rename_badTargets_refused() {
        store.create(ALICE, "a/b", null);
        store.create(ALICE, "z", null);

        assertThatThrownBy(() -> store.rename(ALICE, "a", "a/b/c")).isInstanceOf(MailStoreException.Invalid.class);
        assertThatThrownBy(() -> store.rename(ALICE, "a", "z")).isInstanceOf(MailStoreException.Exists.class);
        assertThatThrownBy(() -> store.rename(ALICE, "nope", "y")).isInstanceOf(MailStoreException.NotFound.class);
    }

    @Test
    void rename_inbox_movesMessagesAndLeavesInboxEmpty() throws IOException {
        long inbox = inbox();
        byte[] msg = message("old mail");
        AppendResult a1 = append(store, inbox, msg, MessageFlags.SEEN);
        AppendResult a2 = append(store, inbox, message("more"));
        Mailbox before = store.mailbox(inbox).orElseThrow();

        store.rename(ALICE, "INBOX", "Old Inbox");

        Mailbox after = store.mailbox(inbox).orElseThrow();
        Mailbox old = store.mailbox(ALICE, "Old Inbox").orElseThrow();
        assertThat(after.name()).isEqualTo("INBOX");
        assertThat(after.messages()).isZero();
        assertThat(after.uidValidity()).isEqualTo(before.uidValidity());
        assertThat(after.uidNext()).isEqualTo(before.uidNext());
        assertThat(after.highestModseq()).isGreaterThan(before.highestModseq());
        assertThat(store.expungedSince(inbox, before.highestModseq())).containsExactly(a1.uid(), a2.uid());
        assertThat(old.messages()).isEqualTo(2);
        assertThat(old.uidValidity()).isNotEqualTo(before.uidValidity());
        MessageSummary first = store.messages(old.id()).getFirst();
        assertThat(first.flags()).containsExactly(MessageFlags.SEEN);
        assertThat(read(store, old.id(), first.uid(), 0, -1)).isEqualTo(msg);
        assertThat(store.search(old.id(), "subject", "old")).containsExactly(first.uid());
        assertThat(store.search(inbox, "subject", "old")).isEmpty();
    }

    @Test
    void subscribe_toggles_andUnknownIsNotFound() {
        store.create(ALICE, "Lists", null);
        store.subscribe(ALICE, "Lists", true);
        assertThat(store.mailbox(ALICE, "Lists").orElseThrow().subscribed()).isTrue();
        store.subscribe(ALICE, "Lists", false);
        assertThat(store.mailbox(ALICE, "Lists").orElseThrow().subscribed()).isFalse();
        assertThatThrownBy(() -> store.subscribe(ALICE, "Nope", true)).isInstanceOf(MailStoreException.NotFound.class);
    }

    // ------------------------------------------------------------ messages

    @Test
    void append_message_storedByteExactWithRanges() throws IOException {
        byte[] msg = Messages.resource("mixed.eml");
        Instant date = Instant.parse("2025-06-30T12:00:00Z");
        AppendResult r = store.append(inbox(), new ByteArrayInputStream(msg), Set.of("\\seen", "$Label1"), date,
                MailStore.Source.SMTP_DELIVERY, msg.length);

        assertThat(r.uid()).isEqualTo(1);
        assertThat(r.uidValidity()).isEqualTo(store.mailbox(inbox()).orElseThrow().uidValidity());
        assertThat(read(store, inbox(), r.uid(), 0, -1)).isEqualTo(msg);
        assertThat(read(store, inbox(), r.uid(), 10, 20)).isEqualTo(java.util.Arrays.copyOfRange(msg, 10, 30));
        assertThat(read(store, inbox(), r.uid(), msg.length - 5, 100)).hasSize(5);
        assertThat(read(store, inbox(), r.uid(), msg.length + 10, 100)).isEmpty();
        MessageSummary s = store.messages(inbox()).getFirst();
        assertThat(s.flags()).containsExactlyInAnyOrder(MessageFlags.SEEN, "$Label1");
        assertThat(s.internalDate()).isEqualTo(date);
        assertThat(s.size()).isEqualTo(msg.length);
        assertThat(s.modseq()).isEqualTo(r.modseq());
        Mailbox box = store.mailbox(inbox()).orElseThrow();
        assertThat(box.messages()).isEqualTo(1);
        assertThat(box.unseen()).isZero();
        assertThat(box.size()).isEqualTo(msg.length);
        assertThat(box.uidNext()).isEqualTo(2);
        assertThat(box.highestModseq()).isEqualTo(r.modseq());
    }

    @Test
    void meta_storedMessage_isWhatTheScannerParsedWithTheUid() throws IOException {
        byte[] msg = Messages.resource("forwarded.eml");
        AppendResult r = append(store, inbox(), msg);

        MessageMeta meta = store.meta(inbox(), r.uid()).orElseThrow();

        MessageMeta parsed = Messages.scan(msg);
        assertThat(meta.uid()).isEqualTo(r.uid());
        assertThat(meta.root()).isEqualTo(parsed.root());
        assertThat(meta.subject()).isEqualTo("Fwd: Lunch");
        assertThat(Messages.body(msg, meta.root(), "2.1")).isEqualTo("Lunch at noon?");
        assertThat(store.meta(inbox(), 99)).isEmpty();
    }

    @Test
    void append_overMaxBytes_tooLargeAndNothingLeft() throws IOException {
        byte[] msg = message("big");

        assertThatThrownBy(() -> store.append(inbox(), new ByteArrayInputStream(msg), Set.of(), null,
                MailStore.Source.IMAP_APPEND, msg.length - 1)).isInstanceOf(MailStoreException.TooLarge.class);

        assertThat(store.messages(inbox())).isEmpty();
        assertThat(blobFiles(dir.resolve("data"))).isZero();
        try (Stream<Path> tmp = Files.list(dir.resolve("data/blobs/tmp"))) {
            assertThat(tmp).isEmpty();
        }
        assertThat(store.mailbox(inbox()).orElseThrow().uidNext()).isEqualTo(1);
    }

    @Test
    void append_unknownMailboxOrBadFlag_refused() {
        assertThatThrownBy(() -> append(store, 9999, message("x"))).isInstanceOf(MailStoreException.NotFound.class);
        assertThatThrownBy(() -> append(store, inbox(), message("x"), "\\Recent")).isInstanceOf(MailStoreException.Invalid.class);
        assertThatThrownBy(() -> append(store, inbox(), message("x"), "has space")).isInstanceOf(MailStoreException.Invalid.class);
        assertThatThrownBy(() -> append(store, inbox(), new byte[0])).isInstanceOf(MailStoreException.Invalid.class);
        assertThat(store.messages(inbox())).isEmpty();
    }

    @Test
    void emptyUidSets_noChangeAndNoModseq() throws IOException {
        long inbox = inbox();
        append(store, inbox, message("a"));
        long modseq = store.mailbox(inbox).orElseThrow().highestModseq();

        assertThat(store.expunge(inbox, List.of())).isEmpty();
        assertThat(store.store(inbox, List.of(), FlagOp.ADD, Set.of(MessageFlags.SEEN), -1).changed()).isEmpty();
        assertThat(store.copy(inbox, List.of(5L, 6L), id(store, "Archive")).targetUids()).isEmpty();

        assertThat(store.mailbox(inbox).orElseThrow().highestModseq()).isEqualTo(modseq);
    }

    @Test
    void closedStore_callsRefusedAsUnavailable() {
        store.close();

        assertThatThrownBy(() -> store.mailboxes(ALICE)).isInstanceOf(MailStoreException.Unavailable.class);
        assertThatThrownBy(() -> store.search(1, "text", "x")).isInstanceOf(MailStoreException.Unavailable.class);
    }

    @Test
    void append_eightParallelAppenders_uidsAndModseqsUniqueAndDense() throws Exception {
        long inbox = inbox();
        int threads = 8;
        int each = 25;
        ConcurrentLinkedQueue<AppendResult> results = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) results.add(append(store, inbox, message("t" + thread + " m" + i)));
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        }

        int n = threads * each;
        assertThat(results).extracting(AppendResult::uid).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, n).boxed().toList());
        assertThat(results).extracting(AppendResult::modseq).doesNotHaveDuplicates();
        Mailbox box = store.mailbox(inbox).orElseThrow();
        assertThat(box.uidNext()).isEqualTo(n + 1);
        assertThat(box.messages()).isEqualTo(n);
        assertThat(box.highestModseq()).isEqualTo(results.stream().mapToLong(AppendResult::modseq).max().orElseThrow());
        assertThat(store.usage(ALICE).messages()).isEqualTo(n);
    }

    @Test
    void changesSince_addedFlaggedExpunged_classifiedInModseqOrder() throws IOException {
        long inbox = inbox();
        AppendResult a = append(store, inbox, message("a"));
        AppendResult b = append(store, inbox, message("b"));
        long since = store.mailbox(inbox).orElseThrow().highestModseq();
        AppendResult c = append(store, inbox, message("c"));
        store.store(inbox, List.of(a.uid()), FlagOp.ADD, Set.of(MessageFlags.FLAGGED), -1);
        store.expunge(inbox, List.of(b.uid()));

        List<Change> changes = store.changesSince(inbox, since);

        assertThat(changes).hasSize(3);
        assertThat(changes.get(0)).isEqualTo(new Change.Added(c.uid(), c.modseq(), Set.of()));
        assertThat(changes.get(1)).isInstanceOf(Change.FlagsChanged.class);
        assertThat(((Change.FlagsChanged) changes.get(1)).flags()).containsExactly(MessageFlags.FLAGGED);
        assertThat(changes.get(2)).isInstanceOf(Change.Expunged.class).extracting(Change::uid).isEqualTo(b.uid());
        assertThat(changes).extracting(Change::modseq).isSorted();
        assertThat(changes.get(2).modseq()).isEqualTo(store.mailbox(inbox).orElseThrow().highestModseq());
        assertThat(store.expungedSince(inbox, since)).containsExactly(b.uid());
        assertThat(store.expungedSince(inbox, changes.get(2).modseq())).isEmpty();
        assertThat(store.changesSince(inbox, 0)).extracting(Change::uid).contains(a.uid(), b.uid(), c.uid());
    }

    @Test
    void store_unchangedSince_modifiedMessagesReportedAndKept() throws IOException {
        long inbox = inbox();
        AppendResult a = append(store, inbox, message("a"));
        AppendResult b = append(store, inbox, message("b"));
        long snapshot = store.mailbox(inbox).orElseThrow().highestModseq();
        store.store(inbox, List.of(b.uid()), FlagOp.ADD, Set.of("$Seen-by-other"), -1);

        FlagResult r = store.store(inbox, List.of(a.uid(), b.uid(), 77L), FlagOp.ADD, Set.of(MessageFlags.DELETED), snapshot);

        assertThat(r.failedModified()).containsExactly(b.uid());
        assertThat(r.changed()).extracting(MessageSummary::uid).containsExactly(a.uid());
        assertThat(r.changed().getFirst().modseq()).isEqualTo(store.mailbox(inbox).orElseThrow().highestModseq());
        assertThat(store.messages(inbox).get(1).flags()).containsExactly("$Seen-by-other");
        assertThat(store.store(inbox, List.of(a.uid()), FlagOp.ADD, Set.of(MessageFlags.SEEN), 0).failedModified())
                .containsExactly(a.uid());
    }

    @Test
    void store_noEffectiveChange_noNewModseqNoNotice() throws Exception {
        long inbox = inbox();
        AppendResult a = append(store, inbox, message("a"), MessageFlags.SEEN);
        long before = store.mailbox(inbox).orElseThrow().highestModseq();
        AtomicInteger notices = new AtomicInteger();
        try (AutoCloseable l = store.listen(inbox, notices::incrementAndGet)) {
            FlagResult r = store.store(inbox, List.of(a.uid()), FlagOp.ADD, Set.of("\\SEEN"), -1);
            assertThat(r.changed()).isEmpty();
            FlagResult replaced = store.store(inbox, List.of(a.uid()), FlagOp.REPLACE, Set.of("\\Answered"), -1);
            assertThat(replaced.changed().getFirst().flags()).containsExactly(MessageFlags.ANSWERED);
        }
        assertThat(store.mailbox(inbox).orElseThrow().highestModseq()).isEqualTo(before + 1);
        assertThat(notices.get()).isEqualTo(1);
        assertThat(store.mailbox(inbox).orElseThrow().unseen()).isEqualTo(1);
    }

    @Test
    void copyAndMove_shareOneBlob_fileDeletedWhenLastReferenceGoes() throws IOException {
        Path data = dir.resolve("no-retention");
        EmbeddedMailStore s = withoutRetention(data);
        long inbox = id(s, "INBOX");
        long archive = id(s, "Archive");
        long trash = id(s, "Trash");
        byte[] msg = message("shared");
        AppendResult a = append(s, inbox, msg, "$Important");

        CopyResult copy = s.copy(inbox, List.of(a.uid(), 42L), archive);
        CopyResult move = s.move(archive, copy.targetUids(), trash);

        assertThat(copy.sourceUids()).containsExactly(a.uid());
        assertThat(copy.uidValidity()).isEqualTo(s.mailbox(archive).orElseThrow().uidValidity());
        assertThat(move.targetUids()).hasSize(1);
        assertThat(s.messages(archive)).isEmpty();
        assertThat(s.expungedSince(archive, 0)).containsExactlyElementsOf(copy.targetUids());
        MessageSummary moved = s.messages(trash).getFirst();
        assertThat(moved.flags()).containsExactly("$Important");
        assertThat(moved.blobId()).isEqualTo(s.messages(inbox).getFirst().blobId());
        assertThat(read(s, trash, moved.uid(), 0, -1)).isEqualTo(msg);
        assertThat(blobFiles(data)).isEqualTo(1);
        assertThat(s.usage(ALICE)).isEqualTo(new MailStore.Usage(2L * msg.length, 2));

        s.expunge(inbox, List.of(a.uid()));
        assertThat(blobFiles(data)).isEqualTo(1);
        assertThat(read(s, trash, moved.uid(), 0, -1)).isEqualTo(msg);

        assertThat(s.expunge(trash, List.of(moved.uid(), 999L))).containsExactly(moved.uid());
        assertThat(blobFiles(data)).isZero();
        assertThat(s.usage(ALICE)).isEqualTo(new MailStore.Usage(0, 0));
    }

    @Test
    void append_identicalContentTwice_oneFile() throws IOException {
        byte[] msg = message("twice");
        append(store, inbox(), msg);
        append(store, id(store, "Archive"), msg);

        assertThat(blobFiles(dir.resolve("data"))).isEqualTo(1);
        assertThat(store.messages(inbox()).getFirst().blobId()).isEqualTo(store.messages(id(store, "Archive")).getFirst().blobId());
    }

    // ------------------------------------------------------------ quota

    private record Warning(String account, MailStore.Usage usage) {}

    private static QuotaPolicy limits(QuotaPolicy.Limits limits, List<Warning> warnings) {
        return new QuotaPolicy() {
            @Override
            public Limits limits(String account) { return limits; }

            @Override
            public void warn(String account, MailStore.Usage usage, Limits l) { warnings.add(new Warning(account, usage)); }
        };
    }

    @Test
    void quota_bytesLimit_appendRefusedAndNothingStored() throws IOException {
        byte[] msg = message("quota");
        EmbeddedMailStore s = open(dir.resolve("quota"), Duration.ZERO,
                limits(new QuotaPolicy.Limits(msg.length * 2L + 1, 0, 0), new ArrayList<>()));
        s.ensureDefaultMailboxes(ALICE);
        long inbox = id(s, "INBOX");
        append(s, inbox, msg);
        append(s, inbox, message("quotb"));

        assertThatThrownBy(() -> append(s, inbox, message("quotc"))).isInstanceOf(MailStoreException.QuotaExceeded.class);
        assertThatThrownBy(() -> s.copy(inbox, List.of(1L), id(s, "Archive"))).isInstanceOf(MailStoreException.QuotaExceeded.class);

        assertThat(s.messages(inbox)).hasSize(2);
        assertThat(s.messages(id(s, "Archive"))).isEmpty();
        assertThat(blobFiles(dir.resolve("quota"))).isEqualTo(2);
        s.move(inbox, List.of(1L), id(s, "Archive"));
        assertThat(s.messages(id(s, "Archive"))).hasSize(1);
    }

    @Test
    void quota_messageLimit_refusedBeforeReading() throws IOException {
        EmbeddedMailStore s = open(dir.resolve("quota"), Duration.ZERO,
                limits(new QuotaPolicy.Limits(0, 1, 0), new ArrayList<>()));
        s.ensureDefaultMailboxes(ALICE);
        append(s, id(s, "INBOX"), message("one"));
        InputStream never = new InputStream() {
            @Override
            public int read() { throw new AssertionError("the message must not be read"); }
        };

        assertThatThrownBy(() -> s.append(id(s, "INBOX"), never, Set.of(), null, MailStore.Source.SMTP_DELIVERY, 1000))
                .isInstanceOf(MailStoreException.QuotaExceeded.class).hasMessageContaining("message quota");
    }

    @Test
    void quota_warningPercent_calledOnceEachUpwardCrossing() throws IOException {
        List<Warning> warnings = new CopyOnWriteArrayList<>();
        EmbeddedMailStore s = open(dir.resolve("quota"), Duration.ZERO, limits(new QuotaPolicy.Limits(0, 10, 80), warnings));
        s.ensureDefaultMailboxes(ALICE);
        long inbox = id(s, "INBOX");
        for (int i = 0; i < 7; i++) append(s, inbox, message("m" + i));
        assertThat(warnings).isEmpty();

        append(s, inbox, message("m7"));
        append(s, inbox, message("m8"));
        assertThat(warnings).containsExactly(new Warning(ALICE, new MailStore.Usage(s.usage(ALICE).bytes() - message("m8").length, 8)));

        s.expunge(inbox, List.of(1L, 2L));
        append(s, inbox, message("m9"));
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1).usage().messages()).isEqualTo(8);
    }

    // ------------------------------------------------------------ retention

    @Test
    void recoverDeleted_expungedAndDeletedMailbox_restoredWithNewUids() throws IOException {
        long inbox = inbox();
        store.create(ALICE, "Work", null);
        long work = id(store, "Work");
        byte[] kept = message("recover me");
        AppendResult a = append(store, work, kept, MessageFlags.DELETED, MessageFlags.SEEN);
        AppendResult b = append(store, work, message("recover me too"));
        store.store(work, List.of(b.uid()), FlagOp.ADD, Set.of(MessageFlags.DELETED), -1);
        Instant before = clock.instant();
        clock.advance(Duration.ofHours(1));
        store.expunge(work, List.of(a.uid()));
        clock.advance(Duration.ofHours(1));
        store.delete(ALICE, "Work");

        assertThat(store.usage(ALICE).messages()).isZero();
        int restored = store.recoverDeleted(ALICE, before);

        assertThat(restored).isEqualTo(2);
        List<MessageSummary> inInbox = store.messages(inbox);
        assertThat(inInbox).hasSize(2);
        assertThat(inInbox).allSatisfy(m -> assertThat(m.flags()).doesNotContain(MessageFlags.DELETED));
        assertThat(inInbox.getFirst().flags()).containsExactly(MessageFlags.SEEN);
        assertThat(read(store, inbox, inInbox.getFirst().uid(), 0, -1)).isEqualTo(kept);
        assertThat(store.search(inbox, "subject", "recover")).hasSize(2);
        assertThat(store.usage(ALICE).messages()).isEqualTo(2);
        assertThat(store.recoverDeleted(ALICE, before)).isZero();
    }

    @Test
    void recoverDeleted_mailboxStillThere_restoredIntoIt() throws IOException {
        long archive = id(store, "Archive");
        AppendResult a = append(store, archive, message("back home"));
        store.expunge(archive, List.of(a.uid()));

        assertThat(store.recoverDeleted(ALICE, Instant.EPOCH)).isEqualTo(1);

        assertThat(store.messages(archive)).extracting(MessageSummary::uid).containsExactly(a.uid() + 1);
        assertThat(store.messages(inbox())).isEmpty();
    }

    @Test
    void sweepDeleted_afterRetention_purgedAndFileDeleted() throws IOException {
        long inbox = inbox();
        AppendResult a = append(store, inbox, message("purge me"));
        store.expunge(inbox, List.of(a.uid()));
        assertThat(blobFiles(dir.resolve("data"))).isEqualTo(1);

        clock.advance(Duration.ofDays(13));
        assertThat(store.sweepDeleted()).isZero();
        clock.advance(Duration.ofDays(2));
        assertThat(store.sweepDeleted()).isEqualTo(1);

        assertThat(blobFiles(dir.resolve("data"))).isZero();
        assertThat(store.recoverDeleted(ALICE, Instant.EPOCH)).isZero();
    }

    @Test
    void cleanOut_olderThanDays_expungesOnlyThose() throws IOException {
        long junk = id(store, "Junk");
        Instant now = clock.instant();
        for (int age : new int[] {40, 31, 29, 1}) {
            store.append(junk, new ByteArrayInputStream(message("age " + age)), Set.of(), now.minus(Duration.ofDays(age)),
                    MailStore.Source.SMTP_DELIVERY, 10_000);
        }

        assertThat(store.cleanOut(junk, 30)).isEqualTo(2);

        assertThat(store.messages(junk)).extracting(MessageSummary::uid).containsExactly(3L, 4L);
        assertThat(store.expungedSince(junk, 0)).containsExactly(1L, 2L);
    }

    // ------------------------------------------------------------ sharing and notices

    @Test
    void acl_ownerImplicitAllRights_grantsNormalizedAndRemoved() {
        long work = store.create(ALICE, "Work", null).id();

        store.setAcl(work, "bob", "rl");
        store.setAcl(work, "group:sales", "lrc");
        store.setAcl(work, "carol", "lr");
        store.setAcl(work, "carol", "");

        assertThat(store.acl(work)).isEqualTo(Map.of(ALICE, "lrswipkxtea", "bob", "lr", "group:sales", "lrkx"));
        assertThatThrownBy(() -> store.setAcl(work, ALICE, "l")).isInstanceOf(MailStoreException.Invalid.class);
        assertThatThrownBy(() -> store.setAcl(work, "bob", "lz")).isInstanceOf(MailStoreException.Invalid.class);
        assertThatThrownBy(() -> store.setAcl(work, "-bob", "l")).isInstanceOf(MailStoreException.Invalid.class);
    }

    @Test
    void visibleTo_identifiersWithLookupRight_otherOwnersAndPublicFolders() {
        long work = store.create(ALICE, "Work", null).id();
        long hidden = store.create(ALICE, "Hidden", null).id();
        store.ensureDefaultMailboxes("#public");
        long news = store.create("#public", "News", null).id();
        store.setAcl(work, "bob", "lr");
        store.setAcl(hidden, "bob", "r");
        store.setAcl(news, "anyone", "lr");

        assertThat(store.visibleTo(Set.of("bob", "anyone"))).extracting(Mailbox::id).containsExactly(news, work);
        assertThat(store.visibleTo(Set.of("carol"))).isEmpty();
        assertThat(store.visibleTo(Set.of(ALICE, "anyone"))).extracting(Mailbox::id).containsExactly(news);
    }

    @Test
    void listen_append_notifiedAfterCommitUntilClosed() throws Exception {
        long inbox = inbox();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AutoCloseable registration = store.listen(inbox, () -> seen.add(store.messages(inbox).size()));

        append(store, inbox, message("one"));
        store.store(inbox, List.of(1L), FlagOp.ADD, Set.of(MessageFlags.SEEN), -1);
        append(store, id(store, "Archive"), message("elsewhere"));
        registration.close();
        append(store, inbox, message("two"));

        assertThat(seen).containsExactly(1, 1);
    }

    @Test
    void listen_failingListener_doesNotBreakTheWriter() throws Exception {
        long inbox = inbox();
        try (AutoCloseable l = store.listen(inbox, () -> {
            throw new IllegalStateException("listener bug");
        })) {
            assertThat(append(store, inbox, message("fine")).uid()).isEqualTo(1);
        }
        assertThat(new String(read(store, inbox, 1, 0, 4), StandardCharsets.US_ASCII)).isEqualTo("From");
    }

    // ------------------------------------------------------------ mailbox counts

    /** The counts the mailbox row keeps, against a count of its messages. */
    private static void assertCountsMatchMessages(MailStore s, long mailbox) {
        List<MessageSummary> messages = s.messages(mailbox);
        Mailbox m = s.mailbox(mailbox).orElseThrow();
        assertThat(m.messages()).isEqualTo(messages.size());
        assertThat(m.unseen()).isEqualTo((int) messages.stream().filter(x -> !x.flags().contains(MessageFlags.SEEN)).count());
        assertThat(m.size()).isEqualTo(messages.stream().mapToLong(MessageSummary::size).sum());
    }

    @Test
    void mailboxCounts_everyKindOfWrite_matchTheMessages() throws IOException {
        long inbox = inbox();
        long archive = id(store, "Archive");
        long trash = id(store, "Trash");
        AppendResult seen = append(store, inbox, message("one"), MessageFlags.SEEN);
        AppendResult unseen = append(store, inbox, message("two"));
        append(store, inbox, message("three, longer than the others"));
        assertThat(store.mailbox(inbox).orElseThrow()).extracting(Mailbox::messages, Mailbox::unseen).containsExactly(3, 2);

        store.store(inbox, List.of(seen.uid(), unseen.uid()), FlagOp.ADD, Set.of(MessageFlags.SEEN), -1);
        assertThat(store.mailbox(inbox).orElseThrow().unseen()).isEqualTo(1);
        store.store(inbox, List.of(seen.uid()), FlagOp.REPLACE, Set.of(MessageFlags.FLAGGED), -1);
        store.copy(inbox, List.of(seen.uid(), unseen.uid()), archive);
        store.move(archive, List.of(1L), trash);
        store.expunge(inbox, List.of(unseen.uid()));
        for (long box : List.of(inbox, archive, trash)) assertCountsMatchMessages(store, box);

        store.rename(ALICE, "INBOX", "Old");
        assertCountsMatchMessages(store, inbox);
        assertCountsMatchMessages(store, id(store, "Old"));
        assertThat(store.mailbox(inbox).orElseThrow().messages()).isZero();

        store.recoverDeleted(ALICE, Instant.EPOCH);
        for (Mailbox m : store.mailboxes(ALICE)) assertCountsMatchMessages(store, m.id());
        assertThat(store.mailbox(inbox).orElseThrow().messages()).isEqualTo(1);
    }

    // ------------------------------------------------------------ combined commits

    private static void awaitWaiting(Thread t) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (t.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) throw new AssertionError(t.getName() + " did not queue for the write lock");
            Thread.onSpinWait();
        }
    }

    @Test
    void combinedCommit_lastReferenceDroppedThenSameContentAppended_fileKept() throws Exception {
        Path data = dir.resolve("combined");
        EmbeddedMailStore s = withoutRetention(data);
        long inbox = id(s, "INBOX");
        byte[] msg = message("same content");
        long first = append(s, inbox, msg).uid();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> s.database().write(tx -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return null;
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        List<Long> expunged = new CopyOnWriteArrayList<>();
        List<AppendResult> appended = new CopyOnWriteArrayList<>();
        // Queued in this order behind the holder, so one commit drops the last reference and then takes a new one.
        Thread expunger = Thread.ofPlatform().name("expunger").start(() -> expunged.addAll(s.expunge(inbox, List.of(first))));
        awaitWaiting(expunger);
        Thread appender = Thread.ofPlatform().name("appender").start(() -> {
            try {
                appended.add(append(s, inbox, msg));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        awaitWaiting(appender);
        release.countDown();
        for (Thread t : List.of(holder, expunger, appender)) t.join(Duration.ofSeconds(10));

        assertThat(expunged).containsExactly(first);
        assertThat(appended).hasSize(1);
        assertThat(read(s, inbox, appended.getFirst().uid(), 0, -1)).isEqualTo(msg);
        assertThat(blobFiles(data)).isEqualTo(1);
    }
}
