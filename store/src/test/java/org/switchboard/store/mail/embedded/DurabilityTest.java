package org.switchboard.store.mail.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MailStore.AppendResult;
import org.switchboard.store.mail.Mailbox;
import org.switchboard.store.mail.MessageFlags;
import org.switchboard.store.mail.QuotaPolicy;

class DurabilityTest {
    private static final String ALICE = "alice";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-07-01T00:00:00Z"));

    private EmbeddedMailStore open(Path data) throws IOException { return EmbeddedMailStore.open(data, QuotaPolicy.UNLIMITED, clock); }

    private static long inbox(MailStore s) { return s.mailbox(ALICE, "INBOX").orElseThrow().id(); }

    private static AppendResult append(MailStore s, byte[] message) throws IOException {
        return s.append(inbox(s), new ByteArrayInputStream(message), Set.of(), null, MailStore.Source.SMTP_DELIVERY, 1 << 20);
    }

    private static byte[] read(MailStore s, long uid) throws IOException {
        try (InputStream in = s.open(inbox(s), uid, 0, -1)) {
            return in.readAllBytes();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    private static int indexedDocuments(Path data) throws IOException {
        try (FSDirectory d = FSDirectory.open(data.resolve("index")); DirectoryReader r = DirectoryReader.open(d)) {
            return r.numDocs();
        }
    }

    @Test
    void reopen_afterClose_keepsMailboxesMessagesFlagsAclAndIndex() throws IOException {
        Path data = dir.resolve("data");
        byte[] msg = Messages.resource("mixed.eml");
        Mailbox before;
        try (EmbeddedMailStore s = open(data)) {
            s.ensureDefaultMailboxes(ALICE);
            s.create(ALICE, "Work/Reports", null);
            append(s, msg);
            s.store(inbox(s), List.of(1L), MailStore.FlagOp.ADD, Set.of(MessageFlags.FLAGGED, "$Work"), -1);
            s.setAcl(inbox(s), "bob", "lr");
            before = s.mailbox(inbox(s)).orElseThrow();
        }

        try (EmbeddedMailStore s = open(data)) {
            assertThat(s.mailbox(inbox(s)).orElseThrow()).isEqualTo(before);
            assertThat(s.mailboxes(ALICE)).extracting(Mailbox::name).contains("Work", "Work/Reports");
            assertThat(read(s, 1)).isEqualTo(msg);
            assertThat(s.messages(inbox(s)).getFirst().flags()).containsExactlyInAnyOrder(MessageFlags.FLAGGED, "$Work");
            assertThat(s.meta(inbox(s), 1).orElseThrow().root()).isEqualTo(Messages.scan(msg).root());
            assertThat(s.acl(inbox(s))).containsEntry("bob", "lr");
            assertThat(s.usage(ALICE)).isEqualTo(new MailStore.Usage(msg.length, 1));
            assertThat(s.search(inbox(s), "body", "attached report")).containsExactly(1L);
            assertThat(append(s, Messages.resource("simple.eml")).uid()).isEqualTo(2);
        }
        assertThat(indexedDocuments(data)).isEqualTo(2);
    }

    @Test
    void crash_copyTakenRightAfterAppend_keepsMessageAndIndexFindsIt() throws IOException {
        Path data = dir.resolve("data");
        Path crashed = dir.resolve("crashed");
        byte[] msg = Messages.resource("alternative.eml");
        try (EmbeddedMailStore running = open(data)) {
            running.ensureDefaultMailboxes(ALICE);
            AppendResult r = append(running, msg);
            copyTree(data, crashed);

            try (EmbeddedMailStore recovered = open(crashed)) {
                assertThat(recovered.messages(inbox(recovered))).extracting(m -> m.uid()).containsExactly(r.uid());
                assertThat(read(recovered, r.uid())).isEqualTo(msg);
                assertThat(recovered.mailbox(inbox(recovered)).orElseThrow().highestModseq()).isEqualTo(r.modseq());
                assertThat(recovered.search(inbox(recovered), "body", "plain text version")).containsExactly(r.uid());
            }
        }
        assertThat(indexedDocuments(crashed)).isEqualTo(1);
    }

    @Test
    void open_indexDeleted_rebuiltFromMetadata() throws IOException {
        Path data = dir.resolve("data");
        try (EmbeddedMailStore s = open(data)) {
            s.ensureDefaultMailboxes(ALICE);
            append(s, Messages.resource("simple.eml"));
        }
        try (Stream<Path> files = Files.walk(data.resolve("index"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }

        try (EmbeddedMailStore s = open(data)) {
            assertThat(s.search(inbox(s), "subject", "hello")).containsExactly(1L);
        }
        assertThat(indexedDocuments(data)).isEqualTo(1);
    }

    @Test
    void open_indexAheadOfMetadata_staleDocumentsDropped() throws IOException {
        Path data = dir.resolve("data");
        Path snapshot = dir.resolve("snapshot");
        try (EmbeddedMailStore s = open(data)) {
            s.ensureDefaultMailboxes(ALICE);
            append(s, Messages.resource("simple.eml"));
        }
        copyTree(data, snapshot);
        try (EmbeddedMailStore s = open(snapshot)) {
            append(s, Messages.resource("mixed.eml"));
        }
        assertThat(indexedDocuments(snapshot)).isEqualTo(2);
        try (Stream<Path> files = Files.walk(data.resolve("index"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        copyTree(snapshot.resolve("index"), data.resolve("index"));

        try (EmbeddedMailStore s = open(data)) {
            assertThat(s.search(inbox(s), "text", "hello")).containsExactly(1L);
        }
        assertThat(indexedDocuments(data)).isEqualTo(1);
    }

    @Test
    void open_unreferencedAndTempFiles_removed() throws IOException {
        Path data = dir.resolve("data");
        try (EmbeddedMailStore s = open(data)) {
            s.ensureDefaultMailboxes(ALICE);
            append(s, Messages.resource("simple.eml"));
        }
        String orphan = "ab".repeat(32);
        Path orphanFile = data.resolve("blobs/ab/ab").resolve(orphan);
        Files.createDirectories(orphanFile.getParent());
        Files.writeString(orphanFile, "left by a crash between publish and commit");
        Path temp = data.resolve("blobs/tmp/in-123.tmp");
        Files.writeString(temp, "half a message");

        try (EmbeddedMailStore s = open(data)) {
            assertThat(read(s, 1)).isEqualTo(Messages.resource("simple.eml"));
        }
        assertThat(orphanFile).doesNotExist();
        assertThat(temp).doesNotExist();
    }

    @Test
    void open_schemaVersion1_countsAddedFromTheMessages() throws Exception {
        Path data = dir.resolve("data");
        byte[] first = Messages.resource("simple.eml");
        byte[] second = Messages.resource("mixed.eml");
        try (EmbeddedMailStore s = open(data)) {
            s.ensureDefaultMailboxes(ALICE);
            append(s, first);
            append(s, second);
            s.store(inbox(s), List.of(1L), MailStore.FlagOp.ADD, Set.of(MessageFlags.SEEN), -1);
        }
        // What version 1 left on disk: no count columns.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("mail/mail").toAbsolutePath(), "sa", "");
             Statement st = c.createStatement()) {
            st.execute("ALTER TABLE mailbox DROP COLUMN messages");
            st.execute("ALTER TABLE mailbox DROP COLUMN unseen");
            st.execute("ALTER TABLE mailbox DROP COLUMN bytes");
            st.execute("DELETE FROM schema_version WHERE version > 1");
        }

        try (EmbeddedMailStore s = open(data)) {
            Mailbox inbox = s.mailbox(inbox(s)).orElseThrow();
            assertThat(inbox.messages()).isEqualTo(2);
            assertThat(inbox.unseen()).isEqualTo(1);
            assertThat(inbox.size()).isEqualTo(first.length + second.length);
            append(s, first);
            assertThat(s.mailbox(inbox(s)).orElseThrow().messages()).isEqualTo(3);
        }
    }
}
