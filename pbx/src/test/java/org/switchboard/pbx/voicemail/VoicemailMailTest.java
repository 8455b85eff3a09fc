package org.switchboard.pbx.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The voicemail e-mail as Angus Mail reads it: encoded subject, header injection, attachment bytes. */
class VoicemailMailTest {
    static MimeMessage parse(byte[] b) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(b));
    }

    @Test
    void build_nonAsciiCallerName_subjectEncodedAndDecodedBack() throws Exception {
        String name = "Zoë Ærøskøbing-Łukasiewicz, Müller & Söhne Telefonzentrale";
        byte[] wav = new byte[3000];
        for (int i = 0; i < wav.length; i++) wav[i] = (byte) i;
        byte[] mail = VoicemailMail.build("voicemail@pbx.test", "bob@example.com", VoicemailMail.caller("1001", name), "1002",
                Duration.ofSeconds(75), Instant.parse("2026-11-21T10:15:30Z"), ZoneId.of("Europe/Prague"), "pbx.test", "voicemail-1.wav", wav);
        assertThat(new String(mail, StandardCharsets.ISO_8859_1)).as("7-bit on the wire").matches("\\p{ASCII}*")
                .doesNotContain("\n\n").contains("Date: Sat, 21 Nov 2026 11:15:30 +0100");
        for (String line : new String(mail, StandardCharsets.US_ASCII).split("\r\n")) assertThat(line.length()).isLessThanOrEqualTo(78);
        MimeMessage m = parse(mail);
        assertThat(m.getSubject()).isEqualTo("Voicemail from " + name + " <1001> (1:15)");
        Multipart mp = (Multipart) m.getContent();
        assertThat(mp.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(wav);
    }

    @Test
    void build_callerNameWithLineBreak_noHeaderInjected() throws Exception {
        byte[] mail = VoicemailMail.build("voicemail@pbx.test", "bob@example.com", VoicemailMail.caller("1001", "Eve\r\nBcc: victim@example.com"),
                "1002", Duration.ofSeconds(5), Instant.EPOCH, ZoneId.of("UTC"), "pbx.test", "v.wav", new byte[10]);
        MimeMessage m = parse(mail);
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(m.getSubject()).isEqualTo("Voicemail from Eve Bcc: victim@example.com <1001> (0:05)");
    }
}
