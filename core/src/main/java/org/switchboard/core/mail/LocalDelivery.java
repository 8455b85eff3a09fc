package org.switchboard.core.mail;

import java.io.IOException;
import java.io.InputStream;

/**
 * Hands a complete message to the server's own mail delivery (routing, user rules, mailbox),
 * so other parts of the server (PBX voicemail, notices, mailing lists) never talk SMTP to
 * themselves. Implemented by the mail delivery pipeline; durable when it returns.
 */
public interface LocalDelivery {
    /** Where the message went, for the caller's log line. */
    record Outcome(String recipient, String detail) {}

    Outcome deliver(String recipientAddress, String envelopeFrom, InputStream rfc822Message) throws IOException;
}
