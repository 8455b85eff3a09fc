package org.switchboard.core.auth.sasl;

import org.switchboard.core.auth.ScramCredential;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A SaslBackend over in-memory maps that records every call the mechanisms make, for assertions. */
final class RecordingBackend implements SaslBackend {
    record Outcome(String authcid, boolean success) {}

    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, ScramCredential> scram = new HashMap<>();
    private final Map<String, String> secrets = new HashMap<>();
    final List<String> passwordChecks = new ArrayList<>();
    final List<Outcome> outcomes = new ArrayList<>();

    RecordingBackend password(String user, String password) {
        passwords.put(user, password);
        return this;
    }

    RecordingBackend scram(String user, ScramCredential credential) {
        scram.put(user, credential);
        return this;
    }

    RecordingBackend secret(String user, String secret) {
        secrets.put(user, secret);
        return this;
    }

    @Override
    public boolean verifyPassword(String authcid, String password) {
        passwordChecks.add(authcid);
        return password.equals(passwords.get(authcid));
    }

    @Override
    public Optional<ScramCredential> scramCredential(String authcid) {
        return Optional.ofNullable(scram.get(authcid));
    }

    @Override
    public Optional<String> plaintextSecret(String authcid) {
        return Optional.ofNullable(secrets.get(authcid));
    }

    @Override
    public void challengeResult(String authcid, boolean success) {
        outcomes.add(new Outcome(authcid, success));
    }
}
