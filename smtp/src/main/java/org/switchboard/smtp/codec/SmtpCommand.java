package org.switchboard.smtp.codec;

import java.util.Set;

/** A parsed SMTP command (RFC 5321 §4.1.1 and the extensions we advertise). */
public sealed interface SmtpCommand {
    /** The verb as the session logs it. */
    String verb();

    /** RFC 5321 §4.1.1.1; {@code extended} is EHLO, false is HELO. */
    record Ehlo(String domain, boolean extended) implements SmtpCommand {
        public String verb() { return extended ? "EHLO" : "HELO"; }
    }

    enum Body { SEVEN_BIT, EIGHT_BIT_MIME, BINARY_MIME }

    /** RFC 3461 §4.3: what a failure DSN returns of the message. */
    enum Ret { FULL, HDRS }

    /**
     * RFC 5321 §4.1.1.2 with SIZE (RFC 1870), BODY (RFC 6152, RFC 3030), SMTPUTF8 (RFC 6531),
     * RET/ENVID (RFC 3461) and AUTH (RFC 4954 §5).
     *
     * @param from    null for the null reverse-path {@code <>}
     * @param size    declared size, -1 when absent
     * @param ret     null when absent
     * @param envId   decoded ENVID, null when absent
     * @param auth    decoded AUTH= mailbox, "" for {@code AUTH=<>}, null when absent
     */
    record MailFrom(MailAddress from, long size, Body body, boolean smtpUtf8, Ret ret, String envId, String auth)
            implements SmtpCommand {
        public String verb() { return "MAIL"; }
    }

    enum Notify { SUCCESS, FAILURE, DELAY }

    /**
     * RFC 5321 §4.1.1.3 with NOTIFY and ORCPT (RFC 3461 §4.1, §4.2).
     *
     * @param notifyOn empty for NOTIFY=NEVER, null when absent (then the default: failures, delays)
     * @param orcpt   "addr-type;decoded-address", null when absent
     * @param postmaster the bare {@code <Postmaster>} form without a domain (RFC 5321 §4.1.1.3)
     */
    record RcptTo(MailAddress to, Set<Notify> notifyOn, String orcpt, boolean postmaster) implements SmtpCommand {
        public String verb() { return "RCPT"; }
    }

    record Data() implements SmtpCommand {
        public String verb() { return "DATA"; }
    }

    /** RFC 3030 §2: a chunk of exactly {@code size} octets follows the command line. */
    record Bdat(long size, boolean last) implements SmtpCommand {
        public String verb() { return "BDAT"; }
    }

    record Rset() implements SmtpCommand {
        public String verb() { return "RSET"; }
    }

    record Noop() implements SmtpCommand {
        public String verb() { return "NOOP"; }
    }

    record Quit() implements SmtpCommand {
        public String verb() { return "QUIT"; }
    }

    record Vrfy(String argument) implements SmtpCommand {
        public String verb() { return "VRFY"; }
    }

    record Expn(String argument) implements SmtpCommand {
        public String verb() { return "EXPN"; }
    }

    record Help(String topic) implements SmtpCommand {
        public String verb() { return "HELP"; }
    }

    record StartTls() implements SmtpCommand {
        public String verb() { return "STARTTLS"; }
    }

    /** RFC 4954 §4; {@code initialResponse} is the raw base64 text, "=" for an empty one, null when absent. */
    record Auth(String mechanism, String initialResponse) implements SmtpCommand {
        public String verb() { return "AUTH"; }

        @Override
        public String toString() { return "Auth[" + mechanism + (initialResponse == null ? "" : " ***") + "]"; }
    }

    /** RFC 1985: start the queue for a domain ({@code @domain} or {@code #queue} forms kept verbatim). */
    record Etrn(String node) implements SmtpCommand {
        public String verb() { return "ETRN"; }
    }
}
