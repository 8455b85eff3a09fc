package org.switchboard.smtp.codec;

/** A command the parser refused; carries the reply the session sends (RFC 5321 §4.2.4). */
public final class SmtpSyntaxException extends Exception {
    private final transient SmtpReply reply;

    public SmtpSyntaxException(SmtpReply reply) {
        super(reply.summary());
        this.reply = reply;
    }

    public SmtpSyntaxException(int code, String enhanced, String text) {
        this(SmtpReply.of(code, enhanced, text));
    }

    public SmtpReply reply() { return reply; }
}
