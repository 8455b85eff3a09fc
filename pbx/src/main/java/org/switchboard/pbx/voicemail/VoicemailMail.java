package org.switchboard.pbx.voicemail;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The e-mail that carries a voicemail message into its owner's mailbox (guide §20.3): RFC 5322 headers, a MIME
 * multipart/mixed body (RFC 2046 §5.1.3) with a short text part and the recording as an audio/wav attachment in
 * base64 (RFC 2045 §6.8). Header text outside ASCII is RFC 2047 encoded. Stateless.
 */
final class VoicemailMail {
    private static final SecureRandom RANDOM = new SecureRandom();

    private VoicemailMail() {}

    /** "0:07", "12:30": minutes and seconds, as a phone shows a call's length. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        return (s / 60) + ":" + String.format(Locale.ROOT, "%02d", s % 60);
    }

    /** "Alice Example <1001>" when the caller has a name, else the number. */
    static String caller(String number, String name) {
        return name == null || name.isBlank() ? number : name.strip() + " <" + number + ">";
    }

    static byte[] build(String from, String to, String callerShown, String extension, Duration length, Instant received, ZoneId zone,
                        String hostName, String fileName, byte[] wav) {
        String boundary = "=_voicemail_" + HexFormat.of().formatHex(randomBytes());
        String subject = "Voicemail from " + callerShown + " (" + duration(length) + ")";
        String when = DateTimeFormatter.RFC_1123_DATE_TIME.format(received.atZone(zone));
        StringBuilder b = new StringBuilder();
        b.append("From: ").append(encodeWord("Voicemail")).append(" <").append(from).append(">\r\n");
        b.append("To: <").append(to).append(">\r\n");
        b.append("Subject: ").append(encodeWord(subject)).append("\r\n");
        b.append("Date: ").append(when).append("\r\n");
        b.append("Message-ID: <voicemail.").append(received.toEpochMilli()).append('.').append(HexFormat.of().formatHex(randomBytes()))
                .append('@').append(hostName).append(">\r\n");
        b.append("MIME-Version: 1.0\r\n");
        b.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n");
        b.append("\r\nThis is a voicemail message in MIME format.\r\n");
        b.append("\r\n--").append(boundary).append("\r\n");
        b.append("Content-Type: text/plain; charset=UTF-8\r\n");
        b.append("Content-Transfer-Encoding: base64\r\n\r\n");
        String text = "You have a new voicemail message.\r\n\r\nFrom: " + callerShown + "\r\nFor extension: " + extension
                + "\r\nReceived: " + when + "\r\nLength: " + duration(length) + "\r\n\r\nThe recording is attached (" + fileName + ").\r\n";
        b.append(base64Lines(text.getBytes(StandardCharsets.UTF_8)));
        b.append("\r\n--").append(boundary).append("\r\n");
        b.append("Content-Type: audio/wav; name=\"").append(fileName).append("\"\r\n");
        b.append("Content-Disposition: attachment; filename=\"").append(fileName).append("\"\r\n");
        b.append("Content-Transfer-Encoding: base64\r\n\r\n");
        b.append(base64Lines(wav));
        b.append("\r\n--").append(boundary).append("--\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] randomBytes() {
        byte[] r = new byte[12];
        RANDOM.nextBytes(r);
        return r;
    }

    /** RFC 2045 §6.8: at most 76 characters per line. */
    private static String base64Lines(byte[] data) {
        return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(data);
    }

    /** RFC 2047 §4.1 "B" encoding when the text is not plain printable ASCII; CR/LF never reach a header. */
    static String encodeWord(String text) {
        String clean = text.replaceAll("[\\r\\n]+", " ");
        if (clean.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) return clean;
        // §2: an encoded word is at most 75 characters and lines should stay within 78 (RFC 5322 §2.1.1), so long
        // text becomes several words of at most 39 bytes, folded onto new lines.
        StringBuilder out = new StringBuilder();
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < clean.length(); ) {
            int cp = clean.codePointAt(i);
            String c = new String(Character.toChars(cp));
            if ((chunk + c).getBytes(StandardCharsets.UTF_8).length > 39) {
                out.append(out.isEmpty() ? "" : "\r\n ").append(word(chunk.toString()));
                chunk.setLength(0);
            }
            chunk.append(c);
            i += Character.charCount(cp);
        }
        if (!chunk.isEmpty()) out.append(out.isEmpty() ? "" : "\r\n ").append(word(chunk.toString()));
        return out.toString();
    }

    private static String word(String s) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
