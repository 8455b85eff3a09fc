package org.switchboard.smtp.codec;

/**
 * Every size the SMTP codec enforces, in one place to audit (RFC 5321 §4.5.3.1).
 *
 * @param maxCommandLine    octets of a command line without CRLF; RFC 5321 §4.5.3.1.4 allows 512 with CRLF,
 *                          extensions (SIZE, DSN, AUTH=) raise it, so we accept more (RFC 1869 §4.1.2)
 * @param maxAuthLine       octets of an AUTH line or SASL response; RFC 4954 §4 asks for at least 12288
 * @param maxTextLine       octets of a DATA line including CRLF; RFC 5321 §4.5.3.1.6 fixes 1000
 * @param maxMessageBytes   octets of a message after un-dot-stuffing (the SIZE we advertise, RFC 1870)
 * @param maxHeaderBytes    octets of the header section, against header bombs
 * @param maxHeaderFields   header fields in one message
 * @param maxRecipients     RCPT commands accepted per transaction; RFC 5321 §4.5.3.1.8 asks for at least 100
 */
public record SmtpLimits(int maxCommandLine, int maxAuthLine, int maxTextLine, long maxMessageBytes,
                         int maxHeaderBytes, int maxHeaderFields, int maxRecipients) {
    public static final SmtpLimits DEFAULTS = new SmtpLimits(2048, 12288, 1000, 50L * 1024 * 1024, 1024 * 1024, 2000, 100);

    public SmtpLimits {
        if (maxCommandLine < 510) throw new IllegalArgumentException("maxCommandLine must be at least 510 (RFC 5321 §4.5.3.1.4)");
        if (maxAuthLine < maxCommandLine) throw new IllegalArgumentException("maxAuthLine must be at least maxCommandLine");
        if (maxTextLine < 1000) throw new IllegalArgumentException("maxTextLine must be at least 1000 (RFC 5321 §4.5.3.1.6)");
        if (maxMessageBytes < 1024) throw new IllegalArgumentException("maxMessageBytes must be at least 1024");
        if (maxHeaderBytes < 1024) throw new IllegalArgumentException("maxHeaderBytes must be at least 1024");
        if (maxHeaderFields < 10) throw new IllegalArgumentException("maxHeaderFields must be at least 10");
        if (maxRecipients < 1) throw new IllegalArgumentException("maxRecipients must be at least 1");
    }

    public SmtpLimits withMaxMessageBytes(long bytes) {
        return new SmtpLimits(maxCommandLine, maxAuthLine, maxTextLine, bytes, maxHeaderBytes, maxHeaderFields, maxRecipients);
    }

    public SmtpLimits withMaxRecipients(int n) {
        return new SmtpLimits(maxCommandLine, maxAuthLine, maxTextLine, maxMessageBytes, maxHeaderBytes, maxHeaderFields, n);
    }
}
