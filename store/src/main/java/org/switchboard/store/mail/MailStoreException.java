package org.switchboard.store.mail;

/** A refusal the protocol maps to its own answer (IMAP NO [CODE], POP3 -ERR, SMTP 4xx/5xx). */
public sealed class MailStoreException extends RuntimeException
        permits MailStoreException.NotFound, MailStoreException.Exists, MailStoreException.QuotaExceeded,
        MailStoreException.TooLarge, MailStoreException.Invalid, MailStoreException.Unavailable {

    MailStoreException(String message) { super(message); }

    public static final class NotFound extends MailStoreException { public NotFound(String m) { super(m); } }

    public static final class Exists extends MailStoreException { public Exists(String m) { super(m); } }

    public static final class QuotaExceeded extends MailStoreException { public QuotaExceeded(String m) { super(m); } }

    public static final class TooLarge extends MailStoreException { public TooLarge(String m) { super(m); } }

    public static final class Invalid extends MailStoreException { public Invalid(String m) { super(m); } }

    /** The storage itself failed (database or disk); IMAP answers NO [UNAVAILABLE] (RFC 5530). */
    public static final class Unavailable extends MailStoreException {
        public Unavailable(String m, Throwable cause) {
            super(m);
            initCause(cause);
        }
    }
}
