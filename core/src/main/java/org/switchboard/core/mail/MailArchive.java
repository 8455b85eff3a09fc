package org.switchboard.core.mail;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Where archived messages are filed: the mail delivery decides what to archive (ArchiveSettings) and hands
 * each message here; the mail store keeps it in the archive folder of its period. Thread-safe; durable when
 * {@link #file} returns.
 */
public interface MailArchive {
    /** The mail-store account that owns the archive folders (clients see them under {@code #archive/}). */
    String OWNER = "#archive";

    /** Files one message in the folder {@code folder} (created when missing); at most {@code maxBytes} are read. */
    void file(String folder, InputStream rfc822, Instant received, long maxBytes) throws IOException;
}
