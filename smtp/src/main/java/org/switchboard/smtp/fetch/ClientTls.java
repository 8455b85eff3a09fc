package org.switchboard.smtp.fetch;

/** How we reach a remote POP3 or SMTP server: in clear, upgraded with STLS/STARTTLS (required, never optional), or TLS from the first byte. */
public enum ClientTls {
    NONE, STARTTLS, IMPLICIT;

    int defaultPop3Port() { return this == IMPLICIT ? 995 : 110; }

    int defaultSmtpPort() { return this == IMPLICIT ? 465 : 25; }
}
