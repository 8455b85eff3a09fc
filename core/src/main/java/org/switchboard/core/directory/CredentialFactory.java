package org.switchboard.core.directory;

/** Turns a clear-text password into what is stored (hash, SCRAM verifier, sealed secret). */
@FunctionalInterface
public interface CredentialFactory {
    Credentials create(String password);
}
