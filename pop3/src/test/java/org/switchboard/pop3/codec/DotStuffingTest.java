package org.switchboard.pop3.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DotStuffingTest {
    static String run(String message, int lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffing.write(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)), out, lines);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void write_leadingDots_stuffedAndTerminated() throws Exception {
        assertThat(run("Subject: x\r\n\r\n.hidden\r\n..two\r\nend", -1))
                .isEqualTo("Subject: x\r\n\r\n..hidden\r\n...two\r\nend\r\n.\r\n");
    }

    @Test
    void write_bareLfAndCr_normalisedToCrlf() throws Exception {
        assertThat(run("A: 1\n\nline1\rline2\n", -1)).isEqualTo("A: 1\r\n\r\nline1\r\nline2\r\n.\r\n");
    }

    @Test
    void write_top_headersBlankLineAndNBodyLines() throws Exception {
        String msg = "A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\nthree\r\n";
        assertThat(run(msg, 0)).isEqualTo("A: 1\r\nB: 2\r\n\r\n.\r\n");
        assertThat(run(msg, 2)).isEqualTo("A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\n.\r\n");
        assertThat(run(msg, 10)).isEqualTo(msg + ".\r\n");
    }

    @Test
    void write_splitAcrossBufferBoundary_sameResult() throws Exception {
        String body = "x".repeat(8191) + "\r\n.dot\r\n";
        assertThat(run("S: y\r\n\r\n" + body, -1)).endsWith("\r\n..dot\r\n.\r\n");
    }
}
