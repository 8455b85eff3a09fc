package org.switchboard.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.imap.codec.ImapResponseWriter;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MailStoreException;
import org.switchboard.store.mail.Mailbox;
import org.switchboard.store.mail.MessageFlags;
import org.switchboard.store.mail.QuotaPolicy;
import org.switchboard.store.mail.embedded.EmbeddedMailStore;

/**
 * The view's compact per-message storage: messages that share flags share one set, sizes and dates of
 * messages that arrived after SELECT are fetched when first asked for, and the view follows appends,
 * flag changes and expunges in UID order.
 */
class SelectedMailboxTest {
    private static final SelectedMailbox.Reporting PLAIN = new SelectedMailbox.Reporting(false, false);

    private final MemoryMailStore store = new MemoryMailStore();
    private final Mailbox inbox;

    SelectedMailboxTest() {
        store.ensureDefaultMailboxes("u1");
        inbox = store.mailbox("u1", "INBOX").orElseThrow();
    }

    @Test
    void view_manyMessagesWithEqualFlags_shareOneFlagSet() throws IOException {
        for (int i = 0; i < 50; i++) append("m" + i, i % 2 == 0 ? Set.of(MessageFlags.SEEN) : Set.of());
        try (SelectedMailbox view = SelectedMailbox.open(store, inbox, "INBOX", false, "lrswipkxtea")) {
            assertThat(view.count()).isEqualTo(50);
            assertThat(view.flags(view.uidAt(1))).containsExactly(MessageFlags.SEEN).isSameAs(view.flags(view.uidAt(49)));
            assertThat(view.flags(view.uidAt(2))).isEmpty();
            assertThat(view.flags(view.uidAt(2))).isSameAs(view.flags(view.uidAt(50)));
        }
    }

    @Test
    void view_messageArrivesAfterSelect_sizeAndDateLoadedWhenAsked() throws IOException {
        long first = append("before", Set.of());
        try (SelectedMailbox view = SelectedMailbox.open(store, inbox, "INBOX", false, "lrswipkxtea")) {
            long late = append("a somewhat longer message body", Set.of(MessageFlags.FLAGGED));
            String updates = sync(view);
            assertThat(updates).isEqualTo("* 2 EXISTS\r\n");
            assertThat(view.uids()).containsExactly(first, late);
            assertThat(view.size(late)).isEqualTo(message("a somewhat longer message body").length);
            assertThat(view.internalDate(late)).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
            assertThat(view.flags(late)).containsExactly(MessageFlags.FLAGGED);
        }
    }

    @Test
    void view_flagChangeAndExpunge_followedInOrderAndExpungedSizeIsNotFound() throws IOException {
        long a = append("a", Set.of());
        long b = append("b", Set.of());
        long c = append("c", Set.of());
        try (SelectedMailbox view = SelectedMailbox.open(store, inbox, "INBOX", false, "lrswipkxtea")) {
            store.store(inbox.id(), List.of(c), MailStore.FlagOp.ADD, Set.of(MessageFlags.ANSWERED), -1);
            store.expunge(inbox.id(), List.of(b));
            assertThat(sync(view)).isEqualTo("* 2 EXPUNGE\r\n* 2 FETCH (UID " + c + " FLAGS (\\Answered))\r\n");
            assertThat(view.uids()).containsExactly(a, c);
            assertThat(view.seqOf(c)).isEqualTo(2);
            assertThat(view.contains(b)).isFalse();
            assertThat(view.modseq(c)).isGreaterThan(view.modseq(a));
            assertThatThrownBy(() -> view.flags(b)).isInstanceOf(java.util.NoSuchElementException.class);

            long d = append("d", Set.of());
            store.expunge(inbox.id(), List.of(d));
            assertThat(sync(view)).as("a message that came and went is never announced").isEmpty();
            long e = append("e", Set.of());
            sync(view);
            store.expunge(inbox.id(), List.of(e));
            assertThatThrownBy(() -> view.size(e)).isInstanceOf(MailStoreException.NotFound.class);
        }
    }

    /**
     * The embedded store reports a message by its current MODSEQ. One that arrived before an expunge the view must
     * hold back (a FETCH was running) but had its flags changed after it must still reach the view; it used to be
     * skipped and then, arriving below the view's MODSEQ, taken for a flag change of an unknown message and lost.
     */
    @Test
    void view_arrivalBeforeHeldBackExpungeFlaggedAfterIt_stillJoinsTheView(@TempDir Path dir) throws IOException {
        try (EmbeddedMailStore embedded = EmbeddedMailStore.open(dir, QuotaPolicy.UNLIMITED, InstantSource.system())) {
            embedded.ensureDefaultMailboxes("u1");
            Mailbox box = embedded.mailbox("u1", "INBOX").orElseThrow();
            long gone = append(embedded, box, "to be expunged");
            try (SelectedMailbox view = SelectedMailbox.open(embedded, box, "INBOX", false, "lrswipkxtea")) {
                long late = append(embedded, box, "arrives");
                embedded.expunge(box.id(), List.of(gone));
                embedded.store(box.id(), List.of(late), MailStore.FlagOp.ADD, Set.of(MessageFlags.SEEN), -1);

                assertThat(sync(view, false)).as("during FETCH: the new message, no EXPUNGE").isEqualTo("* 2 EXISTS\r\n");
                assertThat(view.uids()).containsExactly(gone, late);
                assertThat(sync(view, true)).isEqualTo("* 1 EXPUNGE\r\n");
                assertThat(view.uids()).containsExactly(late);
                assertThat(view.flags(late)).containsExactly(MessageFlags.SEEN);
                assertThat(view.highestModseq()).isEqualTo(embedded.mailbox(box.id()).orElseThrow().highestModseq());
            }
        }
    }

    private static long append(MailStore target, Mailbox box, String body) throws IOException {
        return target.append(box.id(), new ByteArrayInputStream(message(body)), Set.of(), Instant.parse("2025-01-02T03:04:05Z"),
                MailStore.Source.IMAP_APPEND, 1 << 20).uid();
    }

    private long append(String body, Set<String> flags) throws IOException {
        return store.append(inbox.id(), new ByteArrayInputStream(message(body)), flags, Instant.parse("2025-01-02T03:04:05Z"),
                MailStore.Source.IMAP_APPEND, 1 << 20).uid();
    }

    private static byte[] message(String body) {
        return ("Subject: test\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String sync(SelectedMailbox view) throws IOException {
        return sync(view, true);
    }

    private static String sync(SelectedMailbox view, boolean expungeAllowed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImapResponseWriter out = new ImapResponseWriter(bytes);
        view.sync(out, expungeAllowed, PLAIN);
        out.flush();
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
