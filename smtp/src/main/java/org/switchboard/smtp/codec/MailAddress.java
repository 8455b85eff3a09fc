package org.switchboard.smtp.codec;

import java.util.Locale;
import java.util.Objects;

/**
 * A mailbox in an SMTP path (RFC 5321 §4.1.2): local part and domain, as the client wrote them
 * (quoted local parts keep their quotes off, UTF-8 allowed for SMTPUTF8, RFC 6531 §3.3). The domain
 * is compared case-insensitively; the local part keeps its case because only the destination may
 * interpret it (RFC 5321 §2.4).
 */
public record MailAddress(String localPart, String domain) {
    public MailAddress {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
    }

    /** Parses "local@domain" leniently (stored envelopes, directory results); null when malformed. */
    public static MailAddress parse(String address) {
        if (address == null) return null;
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) return null;
        return new MailAddress(address.substring(0, at), address.substring(at + 1));
    }

    public String domainLower() { return domain.toLowerCase(Locale.ROOT); }

    /** Whether any character is outside ASCII, which needs SMTPUTF8 on the wire (RFC 6531 §3.4). */
    public boolean needsUtf8() { return !isAscii(localPart) || !isAscii(domain); }

    /** The address with the local part quoted when its characters require it (RFC 5321 §4.1.2). */
    @Override
    public String toString() {
        return (isDotAtom(localPart) ? localPart : quote(localPart)) + "@" + domain;
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 0x7e) return false;
        return true;
    }

    static boolean isDotAtom(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) return false;
        for (int i = 0; i < s.length(); i++) if (!SmtpCommandParser.isAtext(s.charAt(i)) && s.charAt(i) != '.') return false;
        return true;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\');
            b.append(c);
        }
        return b.append('"').toString();
    }
}
