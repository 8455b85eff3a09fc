package org.switchboard.store.mail.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.switchboard.store.mail.MessageMeta;
import org.switchboard.store.mail.MimePart;

/** Test corpus access and IMAP section resolution (RFC 9051 §6.4.5) over parsed offsets. */
final class Messages {
    private Messages() {}

    /** A corpus file with its LF line ends turned into the CRLF of the wire format. */
    static byte[] resource(String name) {
        return crlf(new String(rawResource(name), StandardCharsets.UTF_8));
    }

    static byte[] rawResource(String name) {
        try (InputStream in = Messages.class.getResourceAsStream("/mime/" + name)) {
            if (in == null) throw new IllegalArgumentException("no test resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static MessageMeta scan(byte[] message) {
        MimeScanner scanner = new MimeScanner();
        scanner.write(message, 0, message.length);
        return scanner.finish();
    }

    /**
     * The part a section number names: in a message/rfc822 part the numbers continue in the
     * encapsulated message; part 1 of a non-multipart is its body.
     */
    static MimePart part(MimePart root, String section) {
        MimePart current = root;
        for (String number : section.split("\\.")) {
            int n = Integer.parseInt(number);
            if (current.message() != null) current = current.message();
            if (!current.parts().isEmpty()) current = current.parts().get(n - 1);
            else if (n != 1) throw new IllegalArgumentException("no part " + section);
        }
        return current;
    }

    /** BODY[section] */
    static String body(byte[] message, MimePart root, String section) {
        MimePart p = part(root, section);
        return text(message, p.bodyStart(), p.end());
    }

    /** BODY[section.MIME] */
    static String mime(byte[] message, MimePart root, String section) {
        MimePart p = part(root, section);
        return text(message, p.headerStart(), p.bodyStart());
    }

    /** BODY[section.HEADER] of a message/rfc822 part. */
    static String header(byte[] message, MimePart root, String section) {
        MimePart m = part(root, section).message();
        return text(message, m.headerStart(), m.bodyStart());
    }

    static String text(byte[] message, long from, long to) {
        return new String(Arrays.copyOfRange(message, (int) from, (int) to), StandardCharsets.UTF_8);
    }
}
