package org.switchboard.store.mail.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.store.mail.embedded.Messages.crlf;
import static org.switchboard.store.mail.embedded.Messages.scan;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.switchboard.store.mail.MessageMeta;
import org.switchboard.store.mail.MimePart.Address;
import org.switchboard.store.mail.MimePart.Envelope;

class EnvelopeTest {

    private static MessageMeta meta(String header) { return scan(crlf(header + "\n\nbody\n")); }

    @Test
    void envelope_emptyGroup_startAndEndMarkers() {
        Envelope e = meta("To: undisclosed-recipients:;").root().envelope();

        assertThat(e.to()).containsExactly(new Address(null, null, "undisclosed-recipients", null),
                new Address(null, null, null, null));
    }

    @Test
    void envelope_groupWithMembers_membersBetweenMarkers() {
        Envelope e = meta("Cc: The Team: a@x.com, \"Doe, John\" <john@y.org>;, z@w.net").root().envelope();

        assertThat(e.cc()).containsExactly(
                new Address(null, null, "The Team", null),
                new Address(null, null, "a", "x.com"),
                new Address("Doe, John", null, "john", "y.org"),
                new Address(null, null, null, null),
                new Address(null, null, "z", "w.net"));
    }

    @Test
    void envelope_encodedWords_rawInEnvelopeDecodedInMeta() {
        MessageMeta m = meta("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus =?ISO-8859-1?Q?K=F6ln?=\n"
                + "From: =?UTF-8?B?SsO2cmc=?= <joerg@example.de>");
        Envelope e = m.root().envelope();

        assertThat(e.subject()).isEqualTo("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus =?ISO-8859-1?Q?K=F6ln?=");
        assertThat(e.from()).containsExactly(new Address("=?UTF-8?B?SsO2cmc=?=", null, "joerg", "example.de"));
        assertThat(m.subject()).isEqualTo("Grüße aus Köln");
        assertThat(m.from()).isEqualTo("Jörg <joerg@example.de>");
    }

    @Test
    void envelope_noSenderOrReplyTo_bothTakeFrom() {
        Envelope e = meta("From: Alice <alice@example.com>\nReply-To:").root().envelope();

        assertThat(e.sender()).isEqualTo(e.from());
        assertThat(e.replyTo()).isEqualTo(e.from());
        assertThat(e.bcc()).isEmpty();
    }

    @Test
    void envelope_explicitSender_kept() {
        Envelope e = meta("From: alice@example.com\nSender: secretary@example.com").root().envelope();

        assertThat(e.sender()).containsExactly(new Address(null, null, "secretary", "example.com"));
        assertThat(e.replyTo()).isEqualTo(e.from());
    }

    @Test
    void envelope_routeCommentAndMissingDomain_bestEffort() {
        Envelope e = meta("From: Relay <@a.example,@b.example:user@c.example>\n"
                + "To: user@host.example (Real Name)\nCc: localonly, \"quoted local\"@example.com").root().envelope();

        assertThat(e.from()).containsExactly(new Address("Relay", "@a.example,@b.example", "user", "c.example"));
        assertThat(e.to()).containsExactly(new Address("Real Name", null, "user", "host.example"));
        assertThat(e.cc()).containsExactly(new Address(null, null, "localonly", AddressParser.MISSING_DOMAIN),
                new Address(null, null, "\"quoted local\"", "example.com"));
    }

    @Test
    void envelope_foldedFieldsAndIds_unfoldedRaw() {
        MessageMeta m = meta("Subject: a long\n  folded subject\nDate: Tue, 1 Jul 2025 08:30:00 +0000\n"
                + "Message-ID: <id-1@example.com>\nIn-Reply-To: <id-0@example.com>\nReferences: <a@x> <id-0@example.com>");
        Envelope e = m.root().envelope();

        assertThat(e.subject()).isEqualTo("a long  folded subject");
        assertThat(e.date()).isEqualTo("Tue, 1 Jul 2025 08:30:00 +0000");
        assertThat(e.messageId()).isEqualTo("<id-1@example.com>");
        assertThat(e.inReplyTo()).isEqualTo("<id-0@example.com>");
        assertThat(m.references()).isEqualTo("<a@x> <id-0@example.com>");
        assertThat(m.sentDate()).isEqualTo(Instant.parse("2025-07-01T08:30:00Z"));
    }

    @Test
    void envelope_junkAddresses_neverThrow() {
        Envelope e = meta("From: <<>>,,;;: ((unclosed \"quote").root().envelope();

        assertThat(e).isNotNull();
        assertThat(meta("From:").root().envelope().from()).isEmpty();
        assertThat(meta("Date: not a date").sentDate()).isNull();
    }
}
