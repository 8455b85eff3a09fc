package org.switchboard.store.mail;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Set;
import org.switchboard.core.mail.MailArchive;

/**
 * The archive in the mail store: one folder per period owned by {@link MailArchive#OWNER}, each archived
 * message appended once through the store's single write path (so it is indexed and searchable). Archive
 * folders carry no ACL entries: IMAP shows them, read-only, to users with the archive right. Thread-safe.
 */
public final class ArchiveFolders implements MailArchive {
    private final MailStore store;

    public ArchiveFolders(MailStore store) { this.store = store; }

    @Override
    public void file(String folder, InputStream rfc822, Instant received, long maxBytes) throws IOException {
        Mailbox box = store.mailbox(OWNER, folder).orElseGet(() -> create(folder));
        store.append(box.id(), rfc822, Set.of(), received, MailStore.Source.ARCHIVE, maxBytes);
    }

    /** Two deliveries may open a new period at once; the loser uses the winner's folder. */
    private Mailbox create(String folder) {
        try {
            return store.create(OWNER, folder, null);
        } catch (MailStoreException.Exists e) {
            return store.mailbox(OWNER, folder).orElseThrow(() -> e);
        }
    }
}
