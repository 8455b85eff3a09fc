package org.switchboard.net;

/** How a binding speaks TLS. */
public enum TlsMode {
    /** Plain TCP; the protocol may offer STARTTLS through {@link Connection#upgradeToTls()}. */
    NONE,
    /** TLS from the first byte (e.g. SMTPS per RFC 8314 §3.3, IMAPS, POP3S). */
    IMPLICIT
}
