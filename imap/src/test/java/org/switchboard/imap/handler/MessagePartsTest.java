package org.switchboard.imap.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.store.mail.MimePart;

/** Section lookup by RFC 9051 §6.4.5 part numbers, HEADER.FIELDS filtering and RFC 2045 decoding for BINARY. */
class MessagePartsTest {
    private static MimePart leaf(String type, String subtype, String encoding) {
        return new MimePart(0, 10, 20, type, subtype, Map.of(), null, null, encoding, 1, null, null, Map.of(), null, null, null, null, null);
    }

    @Test
    void find_partNumbers_followMultipartsAndEncapsulatedMessages() {
        MimePart text = leaf("text", "plain", null);
        MimePart innerA = leaf("text", "plain", null);
        MimePart innerB = leaf("text", "html", null);
        MimePart innerRoot = new MimePart(0, 5, 30, "multipart", "alternative", Map.of(), null, null, null, 0, null, null, Map.of(), null,
                null, List.of(innerA, innerB), null, null);
        MimePart attached = new MimePart(0, 5, 30, "message", "rfc822", Map.of(), null, null, null, 0, null, null, Map.of(), null, null,
                null, innerRoot, null);
        MimePart root = new MimePart(0, 5, 40, "multipart", "mixed", Map.of(), null, null, null, 0, null, null, Map.of(), null, null,
                List.of(text, attached), null, null);
        assertThat(MessageParts.find(root, List.of())).isSameAs(root);
        assertThat(MessageParts.find(root, List.of(1))).isSameAs(text);
        assertThat(MessageParts.find(root, List.of(2))).isSameAs(attached);
        assertThat(MessageParts.find(root, List.of(2, 2))).isSameAs(innerB);
        assertThat(MessageParts.find(root, List.of(3))).isNull();
        assertThat(MessageParts.find(root, List.of(1, 1))).isSameAs(text);
        assertThat(MessageParts.find(root, List.of(1, 2))).isNull();
        // A non-multipart message has exactly one part, itself.
        assertThat(MessageParts.find(text, List.of(1))).isSameAs(text);
    }

    @Test
    void filterFields_foldedLinesKeptTogether_endsWithBlankLine() {
        byte[] header = "Subject: one\r\n two\r\nFrom: a@b\r\nX-Long: x\r\n\ty\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(MessageParts.filterFields(header, List.of("subject", "x-long"), true), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: one\r\n two\r\nX-Long: x\r\n\ty\r\n\r\n");
        assertThat(new String(MessageParts.filterFields(header, List.of("SUBJECT", "X-LONG"), false), StandardCharsets.US_ASCII))
                .isEqualTo("From: a@b\r\n\r\n");
    }

    @Test
    void decoded_quotedPrintableAndBase64_rfc2045() throws IOException {
        byte[] qp = "caf=C3=A9 soft=\r\nbreak =3D =ZZ\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(MessageParts.decoded(leaf("text", "plain", "quoted-printable"), new ByteArrayInputStream(qp)).readAllBytes(),
                StandardCharsets.UTF_8)).isEqualTo("café softbreak = =ZZ\r\n");
        byte[] b64 = "aGVs\r\nbG8=\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(MessageParts.decoded(leaf("application", "x", "BASE64"), new ByteArrayInputStream(b64)).readAllBytes())
                .isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(MessageParts.decoded(leaf("application", "x", "x-uuencode"), new ByteArrayInputStream(b64))).isNull();
    }
}
