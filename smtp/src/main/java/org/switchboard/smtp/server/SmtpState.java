package org.switchboard.smtp.server;

import java.util.List;
import org.switchboard.smtp.codec.ChunkReader;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.queue.Envelope;
import org.switchboard.smtp.queue.Spool;

/**
 * Where an SMTP session is (RFC 5321 §4.1.4): a transaction cannot exist before a greeting and
 * recipients cannot exist without a sender, by construction. RSET and EHLO go back to
 * {@link Greeted}; STARTTLS and AUTH-affecting changes to {@link Connected}.
 */
sealed interface SmtpState {
    record Connected() implements SmtpState {}

    record Greeted(String helo, boolean esmtp) implements SmtpState {}

    record InTransaction(Greeted greeted, SmtpCommand.MailFrom mail, List<Envelope.Recipient> recipients) implements SmtpState {
        public InTransaction {
            recipients = List.copyOf(recipients);
        }

        InTransaction with(Envelope.Recipient r) {
            List<Envelope.Recipient> more = new java.util.ArrayList<>(recipients);
            more.add(r);
            return new InTransaction(greeted, mail, more);
        }
    }

    /** BDAT chunks of one message are arriving (RFC 3030 §2); the spool file is open. */
    record ReceivingData(InTransaction transaction, Spool.Writer writer, ChunkReader chunks, long receivedHeaderBytes) implements SmtpState {}
}
