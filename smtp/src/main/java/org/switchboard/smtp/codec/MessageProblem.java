package org.switchboard.smtp.codec;

/** Why a message body was refused; each maps to the reply RFC 5321 and its extensions prescribe. */
public enum MessageProblem {
    NONE(null),
    /** RFC 1870 §6.2 / RFC 5321 §4.5.3.1.10: 552 5.3.4. */
    TOO_LARGE(SmtpReply.of(552, "5.3.4", "Message exceeds the maximum size")),
    /** RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets with its CRLF. */
    LINE_TOO_LONG(SmtpReply.of(500, "5.5.2", "Line longer than 1000 octets in message data (RFC 5321 4.5.3.1.6)")),
    /** RFC 5321 §2.3.8: CR and LF only as CRLF; a bare one could smuggle a second message. */
    BARE_LINE_END(SmtpReply.of(554, "5.6.0", "Bare CR or LF in message data; lines must end in CRLF (RFC 5321 2.3.8)")),
    /** RFC 5321 §4.5.2 text, RFC 5322 §2.3: NUL is not allowed in a message body. */
    NUL(SmtpReply.of(554, "5.6.0", "NUL octet in message data")),
    /** RFC 6152 §3: 8-bit data needs BODY=8BITMIME. */
    UNDECLARED_8BIT(SmtpReply.of(554, "5.6.1", "8-bit data without BODY=8BITMIME (RFC 6152)")),
    HEADER_TOO_LARGE(SmtpReply.of(552, "5.3.4", "Message header section too large")),
    TOO_MANY_HEADERS(SmtpReply.of(552, "5.3.4", "Too many header fields"));

    public final SmtpReply reply;

    MessageProblem(SmtpReply reply) { this.reply = reply; }
}
