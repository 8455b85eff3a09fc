package org.switchboard.store.mail.embedded;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.field.DateTimeFieldLenientImpl;
import org.apache.james.mime4j.stream.RawField;
import org.switchboard.store.mail.MessageMeta;
import org.switchboard.store.mail.MimePart;
import org.switchboard.store.mail.MimePart.Address;
import org.switchboard.store.mail.MimePart.Envelope;

/**
 * Builds the RFC 9051 §7.5.2 ENVELOPE of a message header (raw field text, encoded-words kept) and
 * the decoded fields that SEARCH and SORT compare (RFC 5256 wants decoded subjects and names).
 */
final class EnvelopeParser {
    private EnvelopeParser() {}

    static Envelope envelope(HeaderFields h) {
        List<Address> from = AddressParser.parse(h.first("From"));
        List<Address> sender = AddressParser.parse(h.first("Sender"));
        List<Address> replyTo = AddressParser.parse(h.first("Reply-To"));
        // RFC 9051 §7.5.2: an absent or empty Sender or Reply-To takes the value of From.
        return new Envelope(h.first("Date"), h.first("Subject"), from, sender.isEmpty() ? from : sender,
                replyTo.isEmpty() ? from : replyTo, AddressParser.parse(h.first("To")), AddressParser.parse(h.first("Cc")),
                AddressParser.parse(h.first("Bcc")), h.first("In-Reply-To"), h.first("Message-ID"));
    }

    /** The message's meta with uid 0; the store sets the uid per mailbox copy. */
    static MessageMeta meta(MimePart root, HeaderFields h) {
        Envelope e = root.envelope() != null ? root.envelope() : envelope(h);
        return new MessageMeta(0, root, AddressParser.decodeWords(e.subject()), AddressParser.display(e.from()),
                AddressParser.display(e.to()), AddressParser.display(e.cc()), e.messageId(), e.inReplyTo(),
                h.first("References"), date(e.date()));
    }

    private static Instant date(String raw) {
        if (raw == null) return null;
        try {
            Date d = DateTimeFieldLenientImpl.PARSER.parse(new RawField("Date", raw), DecodeMonitor.SILENT).getDate();
            return d == null ? null : d.toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
