package org.switchboard.core.directory;

import java.time.Instant;

/**
 * What is stored of a password: an Argon2id (or imported bcrypt) hash, the SCRAM-SHA-256
 * verifier, and, only when the admin enabled reversible secrets for challenge-response
 * mechanisms (CRAM-MD5), the password sealed with the server key. Never serialized to the API.
 */
public record Credentials(String passwordHash, String scramSha256, String sealedSecret, Instant changedAt) {
    public static final Credentials NONE = new Credentials(null, null, null, null);

    public boolean hasPassword() { return passwordHash != null; }
}
