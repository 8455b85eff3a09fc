package org.switchboard.core.auth.sasl;

/**
 * One server-side SASL exchange (RFC 4422). Not thread-safe and single-use: a protocol handler makes one per
 * AUTHENTICATE command and drives it from its connection thread. After a Success or Failure every further
 * call returns a Failure. Malformed input is a Failure, never an exception.
 */
public interface SaslMechanism {
    /** The IANA name, upper case, e.g. "SCRAM-SHA-256". */
    String name();

    /** @param initialResponse the client's initial response, or null when it sent none (RFC 4422 §3.3) */
    SaslStep start(byte[] initialResponse);

    SaslStep next(byte[] response);
}
