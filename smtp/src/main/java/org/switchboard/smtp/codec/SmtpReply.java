package org.switchboard.smtp.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One SMTP reply (RFC 5321 §4.2): a three-digit code, an optional enhanced status (RFC 2034) and
 * one or more text lines. Text never contains CR or LF, so echoed client input cannot inject replies.
 */
public record SmtpReply(int code, EnhancedStatus status, List<String> lines) {
    public SmtpReply {
        if (code < 200 || code > 599) throw new IllegalArgumentException("reply code out of range: " + code);
        lines = lines.isEmpty() ? List.of("") : lines.stream().map(SmtpReply::clean).toList();
    }

    /** {@code enhanced} like "2.0.0", or null for replies that carry none (greeting, EHLO, RFC 2034 §3). */
    public static SmtpReply of(int code, String enhanced, String text) {
        return new SmtpReply(code, enhanced == null ? null : EnhancedStatus.of(enhanced), List.of(text));
    }

    public boolean isPositive() { return code < 400; }

    public boolean isTransient() { return code >= 400 && code < 500; }

    public boolean isPermanent() { return code >= 500; }

    /** The wire form: every line but the last uses "code-" (RFC 5321 §4.2.1), each ends with CRLF. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * lines.size());
        for (int i = 0; i < lines.size(); i++) {
            StringBuilder b = new StringBuilder(lines.get(i).length() + 12);
            b.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (status != null) b.append(status).append(' ');
            b.append(lines.get(i)).append("\r\n");
            out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** One line for logs: "550 5.1.1 text". */
    public String summary() {
        return code + (status == null ? "" : " " + status) + " " + String.join(" / ", lines);
    }

    @Override
    public String toString() { return summary(); }

    private static String clean(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length() && b.length() < 400; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
