package org.switchboard.pbx.sip.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Serializes a message: start line, one line per field value, Content-Length computed from the body (always
 * written, which streams require, RFC 3261 §18.3), blank line, body. CR and LF inside values are dropped so a
 * value taken from input can never inject a header line. Pure and thread-safe.
 */
public final class SipMessageWriter {
    private SipMessageWriter() {}

    public static byte[] write(SipMessage message) {
        StringBuilder b = new StringBuilder(512);
        switch (message) {
            case SipRequest r -> b.append(clean(r.method())).append(' ').append(clean(r.uri())).append(" SIP/2.0\r\n");
            case SipResponse r -> b.append("SIP/2.0 ").append(r.status()).append(' ').append(clean(r.reason())).append("\r\n");
        }
        for (Headers.Header h : message.headers().list()) {
            if (h.name().equals(HeaderNames.CONTENT_LENGTH)) continue;
            b.append(clean(h.name())).append(": ").append(clean(h.value())).append("\r\n");
        }
        b.append("Content-Length: ").append(message.body().length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length() + message.body().length);
        out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(message.body());
        return out.toByteArray();
    }

    private static String clean(String s) {
        if (s.indexOf('\r') < 0 && s.indexOf('\n') < 0) return s;
        return s.replace("\r", "").replace("\n", " ");
    }
}
