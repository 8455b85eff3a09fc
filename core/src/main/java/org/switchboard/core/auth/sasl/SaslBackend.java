package org.switchboard.core.auth.sasl;

import org.switchboard.core.auth.ScramCredential;

import java.util.Optional;

/**
 * What mechanisms need from the account store. Implemented by the AuthService, which also owns lockout,
 * policies and the security log; mechanisms only check proofs. Called from connection threads concurrently.
 */
public interface SaslBackend {
    /** PLAIN and LOGIN: the whole check, lockout included. */
    boolean verifyPassword(String authcid, String password);

    /** SCRAM-SHA-256: the stored credential, empty for an unknown user or one without SCRAM data. */
    Optional<ScramCredential> scramCredential(String authcid);

    /** CRAM-MD5: the reversible secret, empty when none is stored. */
    Optional<String> plaintextSecret(String authcid);

    /** The outcome of a SCRAM or CRAM-MD5 proof, which the backend cannot see itself, so lockout can count it. */
    void challengeResult(String authcid, boolean success);
}
