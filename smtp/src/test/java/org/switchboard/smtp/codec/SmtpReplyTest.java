package org.switchboard.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpReplyTest {
    @Test
    void reply_multiLine_dashUntilLast() {
        SmtpReply r = new SmtpReply(250, null, List.of("mail.test", "PIPELINING", "SIZE 100"));
        assertThat(new String(r.bytes(), StandardCharsets.US_ASCII)).isEqualTo("250-mail.test\r\n250-PIPELINING\r\n250 SIZE 100\r\n");
    }

    @Test
    void reply_enhancedStatus_onEveryLine() {
        SmtpReply r = new SmtpReply(550, EnhancedStatus.of("5.1.1"), List.of("No such user", "here"));
        assertThat(new String(r.bytes(), StandardCharsets.US_ASCII)).isEqualTo("550-5.1.1 No such user\r\n550 5.1.1 here\r\n");
    }

    @Test
    void reply_crlfInText_neutralized() {
        SmtpReply r = SmtpReply.of(250, "2.0.0", "hello\r\n250 injected");
        assertThat(new String(r.bytes(), StandardCharsets.US_ASCII)).isEqualTo("250 2.0.0 hello??250 injected\r\n");
    }

    @Test
    void replyReader_multiLineWithEnhancedCodes_parsed() throws IOException {
        SmtpReply r = SmtpReplyReader.read(new ByteArrayInputStream(
                "250-mx.example Hello\r\n250-SIZE 1000\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(r.code()).isEqualTo(250);
        assertThat(r.lines()).containsExactly("mx.example Hello", "SIZE 1000", "STARTTLS");
        SmtpReply e = SmtpReplyReader.read(new ByteArrayInputStream("451 4.3.0 try later\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(e.status()).isEqualTo(EnhancedStatus.of("4.3.0"));
        assertThat(e.lines()).containsExactly("try later");
    }

    @Test
    void replyReader_garbage_refused() {
        assertThatThrownBy(() -> SmtpReplyReader.read(new ByteArrayInputStream("HTTP/1.1 400\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(SmtpProtocolException.class);
        assertThatThrownBy(() -> SmtpReplyReader.read(new ByteArrayInputStream("250-a\r\n550 b\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(SmtpProtocolException.class);
    }
}
