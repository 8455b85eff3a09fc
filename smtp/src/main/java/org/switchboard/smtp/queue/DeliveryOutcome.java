package org.switchboard.smtp.queue;

/**
 * What one delivery attempt did for one recipient.
 *
 * @param reply     the remote server's reply or our own outcome, as "code x.y.z text"
 * @param remoteMta the host that answered (DSN Remote-MTA), null for local delivery
 */
public record DeliveryOutcome(String recipient, Result result, String reply, String remoteMta) {
    public enum Result { DELIVERED, DEFERRED, FAILED }

    public static DeliveryOutcome delivered(String recipient, String reply, String mta) {
        return new DeliveryOutcome(recipient, Result.DELIVERED, reply, mta);
    }

    public static DeliveryOutcome deferred(String recipient, String reply, String mta) {
        return new DeliveryOutcome(recipient, Result.DEFERRED, reply, mta);
    }

    public static DeliveryOutcome failed(String recipient, String reply, String mta) {
        return new DeliveryOutcome(recipient, Result.FAILED, reply, mta);
    }
}
