package org.switchboard.store.mail.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.store.mail.embedded.Messages.body;
import static org.switchboard.store.mail.embedded.Messages.crlf;
import static org.switchboard.store.mail.embedded.Messages.header;
import static org.switchboard.store.mail.embedded.Messages.mime;
import static org.switchboard.store.mail.embedded.Messages.part;
import static org.switchboard.store.mail.embedded.Messages.resource;
import static org.switchboard.store.mail.embedded.Messages.scan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.store.mail.MessageMeta;
import org.switchboard.store.mail.MimePart;

class MimeScannerTest {

    @Test
    void scan_simpleText_headerAndBodyRanges() {
        byte[] msg = resource("simple.eml");
        MimePart root = scan(msg).root();

        assertThat(root.type() + "/" + root.subtype()).isEqualTo("text/plain");
        assertThat(root.params()).isEqualTo(Map.of("charset", "us-ascii"));
        assertThat(root.headerStart()).isZero();
        assertThat(Messages.text(msg, 0, root.bodyStart())).startsWith("From: Alice").endsWith("example.com>\r\n\r\n");
        assertThat(body(msg, root, "1")).isEqualTo("Hello Bob,\r\nthis is a simple message.\r\n");
        assertThat(root.end()).isEqualTo(msg.length);
        assertThat(root.bodyLines()).isEqualTo(2);
        assertThat(root.encoding()).isEqualTo("7BIT");
    }

    @Test
    void scan_multipartAlternative_partsEndBeforeDelimiterCrlf() {
        byte[] msg = resource("alternative.eml");
        MimePart root = scan(msg).root();

        assertThat(root.subtype()).isEqualTo("alternative");
        assertThat(root.params()).containsEntry("boundary", "alt-b");
        assertThat(root.parts()).hasSize(2);
        assertThat(body(msg, root, "1")).isEqualTo("Plain text version");
        assertThat(mime(msg, root, "1")).isEqualTo("Content-Type: text/plain; charset=utf-8\r\n\r\n");
        assertThat(body(msg, root, "2")).isEqualTo("<html><body><p>HTML version</p></body></html>");
        assertThat(part(root, "2").encoding()).isEqualTo("QUOTED-PRINTABLE");
        assertThat(part(root, "2").subtype()).isEqualTo("html");
        assertThat(part(root, "1").bodyLines()).isEqualTo(1);
        assertThat(Messages.text(msg, root.bodyStart(), root.end())).startsWith("This is the preamble.")
                .endsWith("This is the epilogue.\r\n");
    }

    @Test
    void scan_nestedMixedWithAttachment_sectionsAndBodyFields() {
        byte[] msg = resource("mixed.eml");
        MimePart root = scan(msg).root();

        assertThat(part(root, "1").subtype()).isEqualTo("alternative");
        assertThat(body(msg, root, "1.1")).isEqualTo("See the attached report.\r\nTwo lines.");
        assertThat(part(root, "1.1").bodyLines()).isEqualTo(2);
        assertThat(body(msg, root, "1.2")).isEqualTo("<p>See the attached report.</p>");
        assertThat(body(msg, root, "1")).startsWith("--inner\r\n").endsWith("--inner--\r\n");
        assertThat(mime(msg, root, "1.2")).isEqualTo("Content-Type: text/html; charset=us-ascii\r\n\r\n");

        MimePart pdf = part(root, "2");
        assertThat(body(msg, root, "2")).startsWith("JVBERi0xLjQK").endsWith("AH8VBpEK").contains("\r\n");
        assertThat(mime(msg, root, "2")).startsWith("Content-Type: application/pdf").endsWith("==\r\n\r\n");
        assertThat(pdf.type() + "/" + pdf.subtype()).isEqualTo("application/pdf");
        assertThat(pdf.params()).containsEntry("name", "report.pdf");
        assertThat(pdf.encoding()).isEqualTo("BASE64");
        assertThat(pdf.disposition()).isEqualTo("attachment");
        assertThat(pdf.dispositionParams()).containsEntry("filename", "report.pdf");
        assertThat(pdf.id()).isEqualTo("<report@example.com>");
        assertThat(pdf.description()).isEqualTo("The quarterly report");
        assertThat(pdf.language()).isEqualTo("en,de");
        assertThat(pdf.location()).isEqualTo("http://example.com/report.pdf");
        assertThat(pdf.md5()).isEqualTo("Q2hlY2sgSW50ZWdyaXR5IQ==");
    }

    @Test
    void scan_attachedMessage_sectionsContinueInsideIt() {
        byte[] msg = resource("forwarded.eml");
        MimePart root = scan(msg).root();

        MimePart attached = part(root, "2");
        assertThat(attached.type() + "/" + attached.subtype()).isEqualTo("message/rfc822");
        assertThat(attached.message()).isNotNull();
        assertThat(attached.message().envelope().subject()).isEqualTo("Lunch");
        assertThat(attached.message().envelope().from().getFirst().mailbox()).isEqualTo("erin");
        assertThat(body(msg, root, "1")).isEqualTo("See below.");
        assertThat(body(msg, root, "2.1")).isEqualTo("Lunch at noon?");
        assertThat(body(msg, root, "2.2")).isEqualTo("<b>Lunch at noon?</b>");
        assertThat(header(msg, root, "2")).startsWith("From: Erin").endsWith("boundary=\"inner-alt\"\r\n\r\n");
        String whole = body(msg, root, "2");
        assertThat(whole).startsWith("From: Erin").endsWith("--inner-alt--\r\n");
        assertThat(attached.bodyLines()).isEqualTo(whole.split("\r\n", -1).length - 1);
        assertThat(attached.message().headerStart()).isEqualTo(attached.bodyStart());
        assertThat(attached.message().end()).isEqualTo(attached.end());
    }

    @Test
    void scan_missingFinalBoundary_lastPartRunsToEnd() {
        byte[] msg = resource("broken.eml");
        MimePart root = scan(msg).root();

        assertThat(root.parts()).hasSize(2);
        assertThat(body(msg, root, "1")).isEqualTo("first part body");
        assertThat(part(root, "1").subtype()).isEqualTo("plain");
        assertThat(body(msg, root, "2")).isEqualTo("second part runs to the end\r\nwithout a final boundary\r\n");
        assertThat(part(root, "2").bodyLines()).isEqualTo(2);
        assertThat(root.end()).isEqualTo(msg.length);
    }

    @Test
    void scan_headerOnly_emptyBodyAtEnd() {
        byte[] msg = Messages.rawResource("header-only.eml");
        MessageMeta meta = scan(msg);

        assertThat(meta.root().bodyStart()).isEqualTo(msg.length);
        assertThat(meta.root().end()).isEqualTo(msg.length);
        assertThat(meta.root().bodyLines()).isZero();
        assertThat(meta.subject()).isEqualTo("Nothing below");
        assertThat(meta.from()).isEqualTo("header-only@example.com");
    }

    @Test
    void scan_nulAnd8BitJunk_plainTextWithExactOffsets() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Subject: caf\u00e9 ".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\r', '\n'});
        out.writeBytes("Content-Type: !!!bad\r\n\r\nbody\0with NUL ".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {(byte) 0x80, (byte) 0x81, '\r', '\n'});
        byte[] msg = out.toByteArray();

        MessageMeta meta = scan(msg);

        assertThat(meta.root().type() + "/" + meta.root().subtype()).isEqualTo("text/plain");
        assertThat(meta.subject()).startsWith("caf\u00e9 \u00ff\u00fe");
        assertThat(Messages.text(msg, meta.root().bodyStart(), meta.root().end())).startsWith("body\0with NUL ");
        assertThat(meta.root().end() - meta.root().bodyStart()).isEqualTo(18);
    }

    @Test
    void scan_multipartWithoutBoundary_isPlainText() {
        byte[] msg = crlf("Content-Type: multipart/mixed\n\n--x\nhello\n");
        MimePart root = scan(msg).root();

        assertThat(root.type() + "/" + root.subtype()).isEqualTo("text/plain");
        assertThat(root.parts()).isEmpty();
        assertThat(body(msg, root, "1")).isEqualTo("--x\r\nhello\r\n");
    }

    @Test
    void scan_byteByByteOrChunked_sameStructureAsOneWrite() {
        byte[] msg = resource("forwarded.eml");
        MessageMeta whole = scan(msg);

        MimeScanner single = new MimeScanner();
        for (byte b : msg) single.write(b);
        MimeScanner chunked = new MimeScanner();
        for (int i = 0; i < msg.length; i += 7) chunked.write(msg, i, Math.min(7, msg.length - i));

        assertThat(single.finish()).isEqualTo(whole);
        assertThat(chunked.finish()).isEqualTo(whole);
    }

    @Test
    void scan_bareLineFeeds_offsetsFollowThem() {
        byte[] msg = Messages.rawResource("alternative.eml");
        MimePart root = scan(msg).root();

        assertThat(body(msg, root, "1")).isEqualTo("Plain text version");
        assertThat(mime(msg, root, "2")).endsWith("quoted-printable\n\n");
    }

    @Test
    void scan_closeDelimiterWithoutTrailingNewline_recognized() {
        byte[] msg = crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b--");
        MimePart root = scan(msg).root();

        assertThat(root.parts()).hasSize(1);
        assertThat(body(msg, root, "1")).isEqualTo("one");
    }

    @Test
    void scan_headerOverOneMegabyte_restIsBody() {
        String big = "X-Big: " + "a".repeat(MimeScanner.MAX_HEADER_BYTES + 10) + "\r\n";
        byte[] msg = ("Subject: kept\r\n" + big + "Subject: lost\r\n\r\nbody").getBytes(StandardCharsets.US_ASCII);

        MessageMeta meta = scan(msg);

        assertThat(meta.subject()).isEqualTo("kept");
        assertThat(meta.root().bodyStart()).isEqualTo("Subject: kept\r\n".length());
        assertThat(meta.root().end()).isEqualTo(msg.length);
    }

    @Test
    void scan_tooManyHeaderLines_restIsBody() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < MimeScanner.MAX_HEADER_LINES + 5; i++) sb.append("X-N: ").append(i).append("\r\n");
        sb.append("\r\nbody");
        byte[] msg = sb.toString().getBytes(StandardCharsets.US_ASCII);

        MimePart root = scan(msg).root();

        assertThat(Messages.text(msg, root.bodyStart(), root.end()))
                .startsWith("X-N: " + MimeScanner.MAX_HEADER_LINES + "\r\n").endsWith("body");
    }

    @Test
    void scan_digest_partsDefaultToMessageRfc822() {
        byte[] msg = crlf("Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: inner\n\nhi\n--d--\n");
        MimePart root = scan(msg).root();

        MimePart first = part(root, "1");
        assertThat(first.type() + "/" + first.subtype()).isEqualTo("message/rfc822");
        assertThat(first.message().envelope().subject()).isEqualTo("inner");
        assertThat(body(msg, root, "1.1")).isEqualTo("hi");
    }
}
