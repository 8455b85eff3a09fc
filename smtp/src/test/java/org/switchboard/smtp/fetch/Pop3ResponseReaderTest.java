package org.switchboard.smtp.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Pop3ResponseReaderTest {
    private static InputStream in(String s) { return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void status_okAndErr_parsed() throws Exception {
        assertThat(Pop3ResponseReader.status(in("+OK ready\r\n"))).isEqualTo(new Pop3Response(true, "ready"));
        assertThat(Pop3ResponseReader.status(in("-ERR [AUTH] no\n"))).isEqualTo(new Pop3Response(false, "[AUTH] no"));
    }

    @Test
    void status_somethingElse_clearError() {
        assertThatThrownBy(() -> Pop3ResponseReader.status(in("220 smtp.example ESMTP\r\n")))
                .isInstanceOf(FetchException.class).hasMessageContaining("not a POP3 response");
    }

    @Test
    void message_dotStuffed_unstuffedWithCrlf() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long size = Pop3ResponseReader.message(in("Subject: x\r\n\r\n..leading dot\nplain\r\n.\r\n+OK next"), out, 1000);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Subject: x\r\n\r\n.leading dot\r\nplain\r\n");
        assertThat(size).isEqualTo(out.size());
    }

    @Test
    void message_largerThanLimit_refused() {
        assertThatThrownBy(() -> Pop3ResponseReader.message(in("0123456789\r\n0123456789\r\n.\r\n"), new ByteArrayOutputStream(), 20))
                .isInstanceOf(FetchException.class).hasMessageContaining("larger than 20");
    }

    @Test
    void listing_tooManyLines_refused() {
        assertThatThrownBy(() -> Pop3ResponseReader.listing(in("1 a\r\n2 b\r\n3 c\r\n.\r\n"), 2))
                .isInstanceOf(FetchException.class).hasMessageContaining("longer than 2");
    }

    @Test
    void status_endlessLine_refused() {
        assertThatThrownBy(() -> Pop3ResponseReader.status(in("+OK " + "x".repeat(Pop3ResponseReader.MAX_STATUS_LINE) + "\r\n")))
                .isInstanceOf(FetchException.class).hasMessageContaining("longer than");
    }
}
