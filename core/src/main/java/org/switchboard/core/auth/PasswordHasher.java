package org.switchboard.core.auth;

import com.password4j.Password;

/** Placeholder until the auth branch lands; same signature. */
public final class PasswordHasher {
    public String hash(String password) { return Password.hash(password).addRandomSalt().withArgon2().getResult(); }

    public boolean verify(String password, String storedHash) {
        try {
            return Password.check(password, storedHash).withArgon2();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
