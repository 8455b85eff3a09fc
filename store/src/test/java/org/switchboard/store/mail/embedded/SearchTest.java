package org.switchboard.store.mail.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MailStoreException;
import org.switchboard.store.mail.QuotaPolicy;

class SearchTest {
    @TempDir
    Path dir;

    private EmbeddedMailStore store;
    private long inbox;
    private long quotedPrintable, base64Utf8, encodedSubject, addressed, forwarded, windows1252;

    @BeforeEach
    void fill() throws IOException {
        store = EmbeddedMailStore.open(dir, QuotaPolicy.UNLIMITED, new MutableClock(Instant.parse("2025-07-01T00:00:00Z")));
        store.ensureDefaultMailboxes("alice");
        inbox = store.mailbox("alice", "INBOX").orElseThrow().id();
        quotedPrintable = append(Messages.crlf("""
                From: hans@example.de
                To: alice@example.com
                Subject: Gruss
                Content-Type: text/plain; charset=ISO-8859-1
                Content-Transfer-Encoding: quoted-printable

                Viele Gr=FC=DFe aus M=FCnchen, bis zum n=E4chsten=
                 Mal
                """));
        String cafe = Base64.getMimeEncoder().encodeToString("Un café crème, s'il vous plaît".getBytes(StandardCharsets.UTF_8));
        base64Utf8 = append(Messages.crlf("""
                From: marie@example.fr
                To: alice@example.com
                Subject: Pause
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                """ + cafe + "\n"));
        encodedSubject = append(Messages.crlf("""
                From: recruiting@example.com
                To: alice@example.com
                Subject: =?ISO-8859-1?Q?R=E9sum=E9_f=FCr?= Bewerbung

                nothing special here
                """));
        String secret = Base64.getMimeEncoder().encodeToString("secretword inside a binary".getBytes(StandardCharsets.US_ASCII));
        addressed = append(Messages.crlf("""
                From: John Doe <john.doe@example.com>
                To: alice@example.com
                Cc: Carol <carol@example.net>
                Bcc: hidden@example.org
                Subject: Numbers
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/html; charset=utf-8

                <html><body><p>Quarterly <b>numbers</b> attached</p></body></html>
                --b
                Content-Type: application/octet-stream
                Content-Transfer-Encoding: base64

                """ + secret + "\n--b--\n"));
        forwarded = append(Messages.resource("forwarded.eml"));
        byte[] cp1252 = Messages.crlf("From: x@example.com\nSubject: cp\nContent-Type: text/plain; charset=windows-1252\n\n"
                + "na\u00efve \u20ac\n");
        windows1252 = append(new String(cp1252, StandardCharsets.UTF_8).getBytes(java.nio.charset.Charset.forName("windows-1252")));
    }

    @AfterEach
    void close() { store.close(); }

    private long append(byte[] message) throws IOException {
        return store.append(inbox, new ByteArrayInputStream(message), Set.of(), null, MailStore.Source.SMTP_DELIVERY, 1 << 20).uid();
    }

    @Test
    void search_isoQuotedPrintableBody_caseAndAccentInsensitive() {
        assertThat(store.search(inbox, "body", "grüße")).containsExactly(quotedPrintable);
        assertThat(store.search(inbox, "body", "GRUSSE")).containsExactly(quotedPrintable);
        assertThat(store.search(inbox, "body", "Grü")).containsExactly(quotedPrintable);
        assertThat(store.search(inbox, "body", "münchen nächsten")).containsExactly(quotedPrintable);
        assertThat(store.search(inbox, "body", "Mal")).containsExactly(quotedPrintable);
    }

    @Test
    void search_base64Utf8Body_decodedAndFolded() {
        assertThat(store.search(inbox, "body", "cafe creme")).containsExactly(base64Utf8);
        assertThat(store.search(inbox, "body", "CAFÉ")).containsExactly(base64Utf8);
        assertThat(store.search(inbox, "text", "plait")).containsExactly(base64Utf8);
    }

    @Test
    void search_windows1252Body_decodedPerCharset() {
        assertThat(store.search(inbox, "body", "naive")).containsExactly(windows1252);
    }

    @Test
    void search_encodedWordSubject_decodedInSubjectNotBody() {
        assertThat(store.search(inbox, "subject", "resume")).containsExactly(encodedSubject);
        assertThat(store.search(inbox, "subject", "Résumé für")).containsExactly(encodedSubject);
        assertThat(store.search(inbox, "body", "resume")).isEmpty();
        assertThat(store.search(inbox, "text", "bewerbung special")).containsExactly(encodedSubject);
    }

    @Test
    void search_everyWordRequiredAsPrefix() {
        assertThat(store.search(inbox, "body", "caf")).containsExactly(base64Utf8);
        assertThat(store.search(inbox, "body", "quart numb")).containsExactly(addressed);
        assertThat(store.search(inbox, "body", "cafe numbers")).isEmpty();
        assertThat(store.search(inbox, "body", "afe")).isEmpty();
    }

    @Test
    void search_addressFields_matchNamesAndAddressParts() {
        assertThat(store.search(inbox, "from", "doe")).containsExactly(addressed);
        assertThat(store.search(inbox, "from", "john.doe@example.com")).containsExactly(addressed);
        assertThat(store.search(inbox, "cc", "carol")).containsExactly(addressed);
        assertThat(store.search(inbox, "bcc", "hidden")).containsExactly(addressed);
        assertThat(store.search(inbox, "to", "alice")).contains(quotedPrintable, base64Utf8, encodedSubject, addressed);
        assertThat(store.search(inbox, "FROM", "hans")).containsExactly(quotedPrintable);
    }

    @Test
    void search_nonTextAttachment_notIndexedButHtmlTextIs() {
        assertThat(store.search(inbox, "body", "secretword")).isEmpty();
        assertThat(store.search(inbox, "body", "quarterly")).containsExactly(addressed);
        assertThat(store.search(inbox, "body", "html")).isEmpty();
    }

    @Test
    void search_attachedMessage_itsHeaderAndTextAreBody() {
        assertThat(store.search(inbox, "body", "noon")).containsExactly(forwarded);
        assertThat(store.search(inbox, "body", "erin")).containsExactly(forwarded);
        assertThat(store.search(inbox, "from", "erin")).isEmpty();
    }

    @Test
    void search_headersOrBody_forText() {
        assertThat(store.search(inbox, "text", "gruss munchen")).containsExactly(quotedPrintable);
        assertThat(store.search(inbox, "text", "example.de")).containsExactly(quotedPrintable);
    }

    @Test
    void search_expungedOrOtherMailbox_notReturned() throws IOException {
        store.expunge(inbox, List.of(base64Utf8));
        long archive = store.mailbox("alice", "Archive").orElseThrow().id();
        store.copy(inbox, List.of(quotedPrintable), archive);

        assertThat(store.search(inbox, "body", "cafe")).isEmpty();
        assertThat(store.search(archive, "body", "grusse")).containsExactly(1L);
        assertThat(store.search(archive, "body", "numbers")).isEmpty();
    }

    @Test
    void search_noWordsOrBadField_allOrInvalid() {
        assertThat(store.search(inbox, "text", " -- ")).hasSize(6);
        assertThatThrownBy(() -> store.search(inbox, "header", "x")).isInstanceOf(MailStoreException.Invalid.class);
        assertThatThrownBy(() -> store.search(9999, "text", "x")).isInstanceOf(MailStoreException.NotFound.class);
    }

    @Test
    void reindex_account_progressCountsEveryMessageAndSearchStillWorks() {
        List<Long> progress = new ArrayList<>();

        store.reindex("alice", progress::add);

        assertThat(progress).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(store.search(inbox, "body", "grusse")).containsExactly(quotedPrintable);
        assertThat(store.search(inbox, "subject", "resume")).containsExactly(encodedSubject);
    }
}
