package org.switchboard.core.auth.sasl;

import java.util.Optional;

/**
 * PLAIN (RFC 4616): one message {@code [authzid] NUL authcid NUL passwd}. We do not let one user act as
 * another, so a non-empty authzid must equal authcid (RFC 4616 §2 leaves authorization to the server).
 */
final class PlainMechanism implements SaslMechanism {
    private static final int MAX_MESSAGE_BYTES = 3 * SaslText.MAX_FIELD_BYTES + 2;

    private final SaslBackend backend;
    private boolean started;
    private boolean done;

    PlainMechanism(SaslBackend backend) {
        this.backend = backend;
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public SaslStep start(byte[] initialResponse) {
        if (started) return finish(new SaslStep.Failure("PLAIN exchange already started"));
        started = true;
        // RFC 4616 §2 (via RFC 4422 §5): no initial response means an empty challenge, then the message.
        if (initialResponse == null) return new SaslStep.Challenge(new byte[0]);
        return evaluate(initialResponse);
    }

    @Override
    public SaslStep next(byte[] response) {
        if (!started || done) return finish(new SaslStep.Failure("PLAIN exchange is not awaiting a response"));
        return evaluate(response);
    }

    private SaslStep evaluate(byte[] message) {
        done = true;
        if (message == null || message.length > MAX_MESSAGE_BYTES) return new SaslStep.Failure("PLAIN message missing or too long");
        int first = indexOfNul(message, 0);
        int second = first < 0 ? -1 : indexOfNul(message, first + 1);
        if (second < 0 || indexOfNul(message, second + 1) >= 0) {
            return new SaslStep.Failure("PLAIN message must have exactly two NUL separators");
        }
        Optional<String> authzid = first == 0 ? Optional.of("") : SaslText.name(message, 0, first);
        Optional<String> authcid = SaslText.name(message, first + 1, second - first - 1);
        Optional<String> password = SaslText.field(message, second + 1, message.length - second - 1);
        if (authzid.isEmpty() || authcid.isEmpty() || password.isEmpty()) {
            return new SaslStep.Failure("PLAIN field empty, longer than 255 bytes, not UTF-8 or a name with control characters");
        }
        if (!authzid.get().isEmpty() && !authzid.get().equals(authcid.get())) {
            return new SaslStep.Failure("PLAIN authzid " + authzid.get() + " differs from authcid " + authcid.get());
        }
        return backend.verifyPassword(authcid.get(), password.get())
                ? new SaslStep.Success(authcid.get(), null)
                : new SaslStep.Failure("PLAIN password rejected for " + authcid.get());
    }

    private SaslStep finish(SaslStep step) {
        done = true;
        return step;
    }

    private static int indexOfNul(byte[] b, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == 0) return i;
        return -1;
    }
}
