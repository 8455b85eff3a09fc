package org.switchboard.core.auth.sasl;

import org.junit.jupiter.api.Test;

import javax.security.sasl.SaslClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PlainMechanismTest {
    private final RecordingBackend backend = new RecordingBackend().password("alice@example.com", "wonder land");

    @Test
    void jdkClient_correctPassword_succeeds() throws Exception {
        SaslClient client = JdkSaslClients.create("PLAIN", null, "alice@example.com", "wonder land");
        byte[] initial = client.evaluateChallenge(new byte[0]);

        SaslStep step = new PlainMechanism(backend).start(initial);

        assertThat(step).isEqualTo(new SaslStep.Success("alice@example.com", null));
    }

    @Test
    void jdkClient_authzidEqualToUser_succeeds() throws Exception {
        SaslClient client = JdkSaslClients.create("PLAIN", "alice@example.com", "alice@example.com", "wonder land");

        assertThat(new PlainMechanism(backend).start(client.evaluateChallenge(new byte[0])))
                .isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void jdkClient_authzidOfAnotherUser_failsWithoutCheckingPassword() throws Exception {
        SaslClient client = JdkSaslClients.create("PLAIN", "admin@example.com", "alice@example.com", "wonder land");

        assertThat(new PlainMechanism(backend).start(client.evaluateChallenge(new byte[0])))
                .isInstanceOf(SaslStep.Failure.class);
        assertThat(backend.passwordChecks).isEmpty();
    }

    @Test
    void jdkClient_wrongPassword_fails() throws Exception {
        SaslClient client = JdkSaslClients.create("PLAIN", null, "alice@example.com", "wonderland");

        assertThat(new PlainMechanism(backend).start(client.evaluateChallenge(new byte[0])))
                .isInstanceOf(SaslStep.Failure.class);
        assertThat(backend.passwordChecks).containsExactly("alice@example.com");
    }

    @Test
    void start_noInitialResponse_sendsEmptyChallengeThenAcceptsMessage() {
        SaslMechanism m = new PlainMechanism(backend);

        SaslStep first = m.start(null);

        assertThat(first).isInstanceOf(SaslStep.Challenge.class);
        assertThat(((SaslStep.Challenge) first).data()).isEmpty();
        assertThat(m.next(message("", "alice@example.com", "wonder land"))).isInstanceOf(SaslStep.Success.class);
        assertThat(m.next(message("", "alice@example.com", "wonder land"))).isInstanceOf(SaslStep.Failure.class);
    }

    @Test
    void fields_at255Bytes_areAccepted() {
        String user = "u".repeat(255);
        backend.password(user, "p".repeat(255));

        assertThat(new PlainMechanism(backend).start(message(user, user, "p".repeat(255))))
                .isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void fields_oversizedOrMalformed_failWithoutCheckingPassword() {
        byte[][] bad = {
            message("", "u".repeat(256), "pw"),
            message("", "alice@example.com", "p".repeat(256)),
            message("a".repeat(256), "alice@example.com", "pw"),
            message("", "", "pw"),
            message("", "alice@example.com", ""),
            "alice@example.com wonder land".getBytes(StandardCharsets.UTF_8),
            "\0alice@example.com".getBytes(StandardCharsets.UTF_8),
            "\0alice@example.com\0wonder\0land".getBytes(StandardCharsets.UTF_8),
            {0, 'a', 0, (byte) 0xFF, (byte) 0xFE},
            {0, (byte) 0xC3, 0, 'p'},
            message("", "alice\r\nforged log line", "pw"),
            new byte[0],
            new byte[10_000],
        };
        for (byte[] msg : bad) {
            assertThat(new PlainMechanism(backend).start(msg)).isInstanceOf(SaslStep.Failure.class);
        }
        assertThat(new PlainMechanism(backend).next(message("", "alice@example.com", "wonder land")))
                .as("response before start").isInstanceOf(SaslStep.Failure.class);
        assertThat(backend.passwordChecks).isEmpty();
    }

    static byte[] message(String authzid, String authcid, String password) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(authzid.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(authcid.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(password.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
