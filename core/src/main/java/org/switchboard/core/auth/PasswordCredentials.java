package org.switchboard.core.auth;

import java.time.InstantSource;
import java.util.function.Supplier;
import org.switchboard.core.directory.CredentialFactory;
import org.switchboard.core.directory.Credentials;

/**
 * What the server stores for a new password: the Argon2id hash, the SCRAM-SHA-256 verifier
 * (RFC 5802: enough for SCRAM, useless for logging in elsewhere), and only when the admin
 * allowed reversible secrets, the password sealed with the server key for CRAM-MD5.
 */
public final class PasswordCredentials implements CredentialFactory {
    private final PasswordHasher hasher;
    private final SecretBox secrets;
    private final InstantSource clock;
    private final Supplier<SecuritySettings> security;

    public PasswordCredentials(PasswordHasher hasher, SecretBox secrets, InstantSource clock, Supplier<SecuritySettings> security) {
        this.hasher = hasher;
        this.secrets = secrets;
        this.clock = clock;
        this.security = security;
    }

    @Override
    public Credentials create(String password) {
        String sealed = security.get().storeReversibleSecrets() ? secrets.seal(password) : null;
        return new Credentials(hasher.hash(password), ScramCredential.derive(password).encode(), sealed, clock.instant());
    }

    /** The clear-text secret for challenge-response mechanisms, when one was stored. */
    public java.util.Optional<String> plaintext(Credentials c) {
        return c.sealedSecret() == null ? java.util.Optional.empty() : java.util.Optional.of(secrets.open(c.sealedSecret()));
    }
}
