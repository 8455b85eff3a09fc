package org.switchboard.smtp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.core.mail.ArchiveSettings;
import org.switchboard.core.mail.ArchiveSettings.Interval;
import org.switchboard.core.mail.ArchiveSettings.MessageClass;
import org.switchboard.core.mail.MailArchive;
import org.switchboard.smtp.SmtpSettings;

/** Archiving at queue acceptance: which messages are filed, where, the remote copy, and failures that refuse nothing. */
class ArchivingTest {
    /** A Sunday: the week's folder is named by Monday 2026-11-16. */
    private static final Instant SUNDAY = Instant.parse("2026-11-22T10:00:00Z");

    private record Filed(String folder, String text) {}

    @TempDir
    Path dir;
    private final List<Filed> filed = new CopyOnWriteArrayList<>();
    private final AtomicReference<ArchiveSettings> settings = new AtomicReference<>(
            new ArchiveSettings(true, true, true, true, false, true, true, Interval.WEEKLY, null));
    private boolean failing;
    private Spool spool;
    private MailQueue queue;
    private Archiving archiving;

    @BeforeEach
    void setUp() throws IOException {
        spool = new Spool(dir.resolve("queue"));
        queue = new MailQueue(spool, () -> SmtpSettings.DEFAULTS.queue(), () -> "mail.example.com", dir.resolve("reports"), InstantSource.fixed(SUNDAY));
        MailArchive archive = (folder, in, received, maxBytes) -> {
            if (failing) throw new IOException("disk full");
            filed.add(new Filed(folder, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        };
        archiving = new Archiving(settings::get, archive, d -> d.equals("example.com"), () -> ZoneOffset.UTC);
        queue.archiveWith(archiving);
    }

    /** A message accepted from an SMTP client, as MessageAcceptance queues it. */
    private Envelope accept(String from, String... to) throws IOException {
        try (Spool.Writer w = spool.begin()) {
            try (InputStream in = new ByteArrayInputStream("Subject: kept\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8))) {
                in.transferTo(w.output());
            }
            Envelope e = new Envelope(w.id(), from, List.of(to).stream().map(Envelope.Recipient::of).toList(), SUNDAY, 22, null, null,
                    false, false, "192.0.2.7", null, 0, SUNDAY, false, false);
            w.commit(e);
            queue.queued(e);
            return e;
        }
    }

    @Test
    void classes_senderAndEachRecipientDomain_fourKinds() throws IOException {
        Envelope e = accept("a@example.com", "b@example.com", "c@elsewhere.test");
        Envelope in = accept("x@elsewhere.test", "b@EXAMPLE.com", "y@faraway.test");

        assertThat(archiving.classes(e)).containsExactlyInAnyOrder(MessageClass.LOCAL, MessageClass.OUTGOING);
        assertThat(archiving.classes(in)).containsExactlyInAnyOrder(MessageClass.INCOMING, MessageClass.RELAYED);
    }

    @Test
    void accepted_incomingMessage_filedOnceInTheWeeksFolder() throws IOException {
        accept("x@elsewhere.test", "b@example.com", "c@example.com");

        assertThat(filed).containsExactly(new Filed("2026-11-16", "Subject: kept\r\n\r\nbody\r\n"));
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void accepted_relayedWhileRelayedOffOrArchivingDisabled_notFiled() throws IOException {
        accept("x@elsewhere.test", "y@faraway.test");
        settings.set(new ArchiveSettings(false, true, true, true, true, true, true, Interval.DAILY, null));
        accept("a@example.com", "b@example.com");

        assertThat(filed).isEmpty();
    }

    @Test
    void accepted_dailyAndMonthly_folderPerPeriod() throws IOException {
        settings.set(new ArchiveSettings(true, true, true, true, true, true, true, Interval.DAILY, null));
        accept("a@example.com", "b@example.com");
        settings.set(new ArchiveSettings(true, true, true, true, true, true, true, Interval.MONTHLY, null));
        accept("a@example.com", "b@example.com");

        assertThat(filed).extracting(Filed::folder).containsExactly("2026-11-22", "2026-11");
    }

    @Test
    void accepted_remoteAddress_copyQueuedAsNoticeAndNotArchivedAgain() throws IOException {
        settings.set(new ArchiveSettings(true, true, true, true, true, true, false, Interval.WEEKLY, "archive@vault.test"));
        Envelope e = accept("a@example.com", "b@example.com");

        assertThat(filed).isEmpty();
        assertThat(queue.list()).hasSize(2);
        Envelope copy = queue.list().stream().map(MailQueue.Entry::envelope).filter(x -> !x.id().equals(e.id())).findFirst().orElseThrow();
        assertThat(copy.recipients()).extracting(Envelope.Recipient::address).containsExactly("archive@vault.test");
        assertThat(copy.from()).isEmpty();
        assertThat(copy.notice()).isTrue();
    }

    @Test
    void receive_popDownloadAndVoicemail_archivedButServerCopiesAreNot() throws IOException {
        queue.receive("pop3:pop.isp.test", "x@elsewhere.test", List.of("b@example.com"), text("Subject: downloaded\r\n\r\nd\r\n"), false);
        queue.receive("server", "1001@example.com", List.of("b@example.com"), text("Subject: voicemail\r\n\r\nv\r\n"), false);
        queue.submit("b@example.com", List.of("c@elsewhere.test"), text("Subject: forwarded\r\n\r\nf\r\n"), false);
        queue.submit("", List.of("b@example.com"), text("Subject: quota warning\r\n\r\nq\r\n"), true);

        assertThat(filed).extracting(Filed::text).containsExactly("Subject: downloaded\r\n\r\nd\r\n", "Subject: voicemail\r\n\r\nv\r\n");
        assertThat(queue.list()).extracting(en -> en.envelope().client()).containsExactlyInAnyOrder("pop3:pop.isp.test", "server",
                MailQueue.LOCAL, MailQueue.LOCAL);
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void accepted_archiveFails_messageStillQueued() throws IOException {
        failing = true;
        accept("x@elsewhere.test", "b@example.com");

        assertThat(filed).isEmpty();
        assertThat(queue.size()).isEqualTo(1);
    }
}
