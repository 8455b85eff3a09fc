package org.switchboard.smtp.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.switchboard.core.mail.LocalDelivery;
import org.switchboard.smtp.queue.MailQueue;

/**
 * The server's own senders (PBX voicemail, notices, mailing lists) hand messages in here: the
 * message is queued durably and then routed like any other, so rules, aliases, retries and DSNs
 * apply the same way. Durable when {@link #deliver} returns. Thread-safe.
 */
public final class QueuedLocalDelivery implements LocalDelivery {
    private final MailQueue queue;

    public QueuedLocalDelivery(MailQueue queue) {
        this.queue = queue;
    }

    @Override
    public Outcome deliver(String recipientAddress, String envelopeFrom, InputStream rfc822Message) throws IOException {
        if (recipientAddress == null || recipientAddress.indexOf('@') <= 0) {
            throw new IllegalArgumentException("recipient must be an address local@domain: " + recipientAddress);
        }
        String from = envelopeFrom == null ? "" : envelopeFrom;
        // A message with a sender (a voicemail) is new mail and archived; one without is the server's own notice,
        // automatic, so a failure must not bounce back into another notice.
        String id = from.isEmpty() ? queue.submit(from, List.of(recipientAddress), rfc822Message, true)
                : queue.receive("server", from, List.of(recipientAddress), rfc822Message, false);
        return new Outcome(recipientAddress, "queued as " + id);
    }
}
