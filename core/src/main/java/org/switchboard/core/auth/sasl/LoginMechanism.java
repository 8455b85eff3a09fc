package org.switchboard.core.auth.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * LOGIN (draft-murchison-sasl-login): the server asks "Username:" then "Password:". A non-empty initial
 * response is taken as the user name, as the draft allows; an empty one counts as none.
 */
final class LoginMechanism implements SaslMechanism {
    private static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

    private enum State { NEW, AWAIT_USER, AWAIT_PASSWORD, DONE }

    private final SaslBackend backend;
    private State state = State.NEW;
    private String username;

    LoginMechanism(SaslBackend backend) {
        this.backend = backend;
    }

    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public SaslStep start(byte[] initialResponse) {
        if (state != State.NEW) return fail("LOGIN exchange already started");
        state = State.AWAIT_USER;
        if (initialResponse == null || initialResponse.length == 0) return new SaslStep.Challenge(USERNAME.clone());
        return next(initialResponse);
    }

    @Override
    public SaslStep next(byte[] response) {
        if (response == null) return fail("LOGIN response missing");
        switch (state) {
            case AWAIT_USER -> {
                Optional<String> user = SaslText.name(response, 0, response.length);
                if (user.isEmpty()) return fail("LOGIN user name empty, longer than 255 bytes, not UTF-8 or with control characters");
                username = user.get();
                state = State.AWAIT_PASSWORD;
                return new SaslStep.Challenge(PASSWORD.clone());
            }
            case AWAIT_PASSWORD -> {
                Optional<String> password = SaslText.field(response, 0, response.length);
                if (password.isEmpty()) return fail("LOGIN password empty, longer than 255 bytes or not UTF-8");
                state = State.DONE;
                return backend.verifyPassword(username, password.get())
                        ? new SaslStep.Success(username, null)
                        : new SaslStep.Failure("LOGIN password rejected for " + username);
            }
            default -> {
                return fail("LOGIN exchange is not awaiting a response");
            }
        }
    }

    private SaslStep fail(String reason) {
        state = State.DONE;
        return new SaslStep.Failure(reason);
    }
}
