package org.switchboard.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.Resolution;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.mail.LocalDelivery;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.Mailbox;

/**
 * In-server delivery straight into local mailboxes: the address is resolved with the
 * directory's resolver (aliases, groups, catch-all) and the message appended to each
 * mailbox's INBOX. Used for messages the server makes itself (voicemail, notices) when no
 * SMTP pipeline is wired; remote and public-folder targets are refused with a clear reason.
 */
final class MailboxDelivery implements LocalDelivery {
    private static final long MAX_BYTES = 64L << 20;

    private final Directory directory;
    private final MailStore store;
    private final Path spool;

    MailboxDelivery(Directory directory, MailStore store, Path spool) {
        this.directory = directory;
        this.store = store;
        this.spool = spool;
    }

    @Override
    public Outcome deliver(String recipientAddress, String envelopeFrom, InputStream rfc822Message) throws IOException {
        Resolution r = directory.checkAddress(recipientAddress);
        List<Resolution.Mailbox> boxes = new ArrayList<>();
        for (Resolution.Target t : r.targets()) if (t instanceof Resolution.Mailbox m && m.enabled()) boxes.add(m);
        if (boxes.isEmpty()) throw new IOException("no local mailbox for " + recipientAddress + ": " + String.join("; ", r.steps()));
        // The stream can be read once; several mailboxes need a copy on disk (never in memory).
        Files.createDirectories(spool);
        Path tmp = Files.createTempFile(spool, "delivery", ".eml");
        try {
            Files.copy(rfc822Message, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            for (Resolution.Mailbox m : boxes) {
                store.ensureDefaultMailboxes(m.userId());
                Mailbox inbox = store.mailbox(m.userId(), "INBOX").orElseThrow();
                try (InputStream in = Files.newInputStream(tmp)) {
                    store.append(inbox.id(), in, Set.of(), Instant.now(), MailStore.Source.PBX_VOICEMAIL, MAX_BYTES);
                }
                LogKind.MAIL.log("Delivered in-server message from {} to {} (INBOX)", envelopeFrom, m.address());
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Outcome(recipientAddress, "delivered to " + boxes.size() + " mailbox(es)");
    }
}
