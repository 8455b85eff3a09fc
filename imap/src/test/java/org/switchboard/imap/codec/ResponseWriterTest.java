package org.switchboard.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Response encoding: quoting versus literals, NIL, lists, status lines and names. */
class ResponseWriterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ImapResponseWriter out = new ImapResponseWriter(bytes);

    private String written() { return bytes.toString(StandardCharsets.UTF_8); }

    @Test
    void status_taggedUntaggedWithCode_formatted() throws IOException {
        out.status("a1", ImapResponseWriter.Status.OK, "READ-WRITE", "SELECT completed");
        out.status(null, ImapResponseWriter.Status.BYE, null, "Logging out");
        out.continuation("");
        assertThat(written()).isEqualTo("a1 OK [READ-WRITE] SELECT completed\r\n* BYE Logging out\r\n+ Ready\r\n");
    }

    @Test
    void status_textWithLineBreaks_cannotInjectLines() throws IOException {
        out.status("a", ImapResponseWriter.Status.NO, null, "bad\r\n* OK fake");
        assertThat(written()).isEqualTo("a NO bad  * OK fake\r\n");
    }

    @Test
    void string_quotedWhenPossibleLiteralOtherwise() throws IOException {
        out.string("plain").sp().string("with \"quote\" and \\").sp().string("two\r\nlines").sp().nstring(null).sp().string("é");
        assertThat(written()).isEqualTo("\"plain\" \"with \\\"quote\\\" and \\\\\" {10}\r\ntwo\r\nlines NIL {2}\r\né");
    }

    @Test
    void string_utf8Enabled_quotesNonAscii() throws IOException {
        out.utf8(true);
        out.string("日本語");
        assertThat(written()).isEqualTo("\"日本語\"");
    }

    @Test
    void astring_atomOnlyWhenSafe() throws IOException {
        out.astring("INBOX").sp().astring("has space").sp().astring("NIL").sp().astring("");
        assertThat(written()).isEqualTo("INBOX \"has space\" \"NIL\" \"\"");
    }

    @Test
    void mailbox_modifiedUtf7OrUtf8() throws IOException {
        out.mailbox("台北").sp().mailbox("Sent Items").sp();
        out.utf8(true);
        out.mailbox("台北");
        assertThat(written()).isEqualTo("&U,BTFw- \"Sent Items\" \"台北\"");
    }

    @Test
    void literal_streamedContent_exactSize() throws IOException {
        out.untagged().number(1).raw(" FETCH (BODY[] ").literal(5, false, new ByteArrayInputStream("hello world".getBytes())).close().end();
        out.literal(2, true, new ByteArrayInputStream(new byte[] {0, 1}));
        assertThat(written()).isEqualTo("* 1 FETCH (BODY[] {5}\r\nhello)\r\n~{2}\r\n\0\1");
    }

    @Test
    void literal_contentTooShort_fails() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> out.literal(5, false, new ByteArrayInputStream("abc".getBytes())))
                .isInstanceOf(IOException.class);
    }
}
