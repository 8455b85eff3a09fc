package org.switchboard.core.auth.sasl;

/**
 * One server move in a SASL exchange (RFC 4422 §3): another challenge, or the end. Protocols translate
 * these into their own framing (base64 lines for IMAP/SMTP/POP3, XML for XMPP...).
 */
public sealed interface SaslStep permits SaslStep.Challenge, SaslStep.Success, SaslStep.Failure {
    /** Raw challenge bytes; the protocol encodes them. */
    record Challenge(byte[] data) implements SaslStep {}

    /** The client proved it is {@code authcid}; additionalData (SCRAM's server-final message) may be null. */
    record Success(String authcid, byte[] additionalData) implements SaslStep {}

    /** The reason is for logs only; protocols send their generic failure so peers learn nothing from it. */
    record Failure(String reason) implements SaslStep {}
}
