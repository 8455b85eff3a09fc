package org.switchboard.smtp.queue;

import java.nio.file.Path;
import java.util.List;

/**
 * Delivers a queued message to some of its recipients (routing, mailboxes, remote hosts). Called
 * by queue workers, several at once for different messages; must return one outcome per
 * recipient given and report failures as outcomes rather than exceptions where it can.
 */
public interface MessageDelivery {
    List<DeliveryOutcome> deliver(Envelope envelope, Path message, List<Envelope.Recipient> recipients);
}
