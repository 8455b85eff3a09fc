package org.switchboard.smtp.queue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.switchboard.smtp.codec.SmtpCommand;

/**
 * A queued message's SMTP envelope and delivery state, stored as {@code <id>.env} next to the
 * message {@code <id>.eml}. Immutable; the queue replaces it (file and object) after each attempt.
 *
 * @param from        reverse path, "" for the null sender of bounces (RFC 5321 §4.5.5)
 * @param ret         what a failure DSN returns (RFC 3461 §4.3), null = headers only
 * @param client      the submitting host's address; {@link MailQueue#LOCAL} for mail the server made from mail it has;
 *                    where it came from ("pop3:host", "server") for mail that entered another way
 * @param attempts    delivery attempts so far
 * @param warned      the "still undelivered" DSN was sent
 * @param notice      this message is itself a DSN or notice: never answered with another one
 */
public record Envelope(String id, String from, List<Recipient> recipients, Instant arrived, long size,
                       String envId, SmtpCommand.Ret ret, boolean smtpUtf8, boolean eightBit, String client,
                       String authUser, int attempts, Instant nextAttempt, boolean warned, boolean notice) {
    public Envelope {
        recipients = List.copyOf(recipients);
        if (from == null) from = "";
    }

    public enum Status { PENDING, DELIVERED, FAILED }

    /**
     * @param notifyOn   RFC 3461 NOTIFY; null = the default (failures and delays), empty = NEVER
     * @param orcpt      "type;address" as given, or null
     * @param lastReply  the last result for this recipient (remote reply or local outcome)
     * @param remoteMta  the host that gave it, for the DSN's Remote-MTA field
     */
    public record Recipient(String address, Set<SmtpCommand.Notify> notifyOn, String orcpt, Status status,
                            String lastReply, String remoteMta) {
        public Recipient with(Status s, String reply, String mta) { return new Recipient(address, notifyOn, orcpt, s, reply, mta); }

        public boolean wants(SmtpCommand.Notify n) {
            return notifyOn == null ? n != SmtpCommand.Notify.SUCCESS : notifyOn.contains(n);
        }

        public static Recipient of(String address) { return new Recipient(address, null, null, Status.PENDING, null, null); }
    }

    public List<Recipient> pending() { return recipients.stream().filter(r -> r.status() == Status.PENDING).toList(); }

    public Envelope withRecipients(List<Recipient> r) {
        return new Envelope(id, from, r, arrived, size, envId, ret, smtpUtf8, eightBit, client, authUser, attempts, nextAttempt, warned, notice);
    }

    public Envelope afterAttempt(Instant next, boolean warnedNow) {
        return new Envelope(id, from, recipients, arrived, size, envId, ret, smtpUtf8, eightBit, client, authUser, attempts + 1, next,
                warned || warnedNow, notice);
    }

    public Envelope dueAt(Instant next) {
        return new Envelope(id, from, recipients, arrived, size, envId, ret, smtpUtf8, eightBit, client, authUser, attempts, next, warned, notice);
    }
}
