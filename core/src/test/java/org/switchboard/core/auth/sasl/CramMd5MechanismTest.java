package org.switchboard.core.auth.sasl;

import org.junit.jupiter.api.Test;

import javax.security.sasl.SaslClient;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CramMd5MechanismTest {
    private final RecordingBackend backend = new RecordingBackend().secret("alice", "wonder land");

    @Test
    void jdkClient_rightSecret_succeedsAndReportsSuccess() throws Exception {
        SaslMechanism m = SaslMechanisms.create("CRAM-MD5", backend, "mail.example.com");
        SaslClient client = JdkSaslClients.create("CRAM-MD5", null, "alice", "wonder land");
        assertThat(client.hasInitialResponse()).isFalse();

        SaslStep challenge = m.start(null);
        SaslStep result = m.next(client.evaluateChallenge(((SaslStep.Challenge) challenge).data()));

        assertThat(result).isEqualTo(new SaslStep.Success("alice", null));
        assertThat(backend.outcomes).containsExactly(new RecordingBackend.Outcome("alice", true));
    }

    @Test
    void jdkClient_wrongSecret_failsAndReportsFailure() throws Exception {
        SaslMechanism m = SaslMechanisms.create("CRAM-MD5", backend, "mail.example.com");
        SaslClient client = JdkSaslClients.create("CRAM-MD5", null, "alice", "wonderland");

        SaslStep challenge = m.start(null);

        assertThat(m.next(client.evaluateChallenge(((SaslStep.Challenge) challenge).data())))
                .isInstanceOf(SaslStep.Failure.class);
        assertThat(backend.outcomes).containsExactly(new RecordingBackend.Outcome("alice", false));
    }

    @Test
    void jdkClient_userWithoutStoredSecret_failsAndReportsFailure() throws Exception {
        SaslMechanism m = SaslMechanisms.create("CRAM-MD5", backend, "mail.example.com");
        SaslClient client = JdkSaslClients.create("CRAM-MD5", null, "bob", "anything");

        SaslStep challenge = m.start(null);

        assertThat(m.next(client.evaluateChallenge(((SaslStep.Challenge) challenge).data())))
                .isInstanceOf(SaslStep.Failure.class);
        assertThat(backend.outcomes).containsExactly(new RecordingBackend.Outcome("bob", false));
    }

    @Test
    void rfc2195Example_response_isAccepted() {
        backend.secret("tim", "tanstaaftanstaaf");
        SaslMechanism m = new CramMd5Mechanism(backend, () -> "<1896.697170952@postoffice.reston.mci.net>");

        SaslStep challenge = m.start(null);

        assertThat(new String(((SaslStep.Challenge) challenge).data(), StandardCharsets.US_ASCII))
                .isEqualTo("<1896.697170952@postoffice.reston.mci.net>");
        assertThat(m.next(ascii("tim b913a602c7eda7a495b4e6e7334d3890"))).isEqualTo(new SaslStep.Success("tim", null));
    }

    @Test
    void challenge_hasRfc2195FormAndIsUniquePerExchange() {
        String a = challenge(SaslMechanisms.create("cram-md5", backend, "mail.example.com"));
        String b = challenge(SaslMechanisms.create("cram-md5", backend, "mail.example.com"));

        assertThat(a).matches("<\\d+\\.\\d+@mail\\.example\\.com>");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void response_malformed_failsWithoutConsultingBackend() {
        String[] bad = {
            "", "alice", "alice b913a602c7eda7a495b4e6e7334d389", "alice b913a602c7eda7a495b4e6e7334d38900",
            "alice zz13a602c7eda7a495b4e6e7334d3890", " b913a602c7eda7a495b4e6e7334d3890",
            "u".repeat(256) + " b913a602c7eda7a495b4e6e7334d3890", "al\u0007ice b913a602c7eda7a495b4e6e7334d3890",
        };
        for (String r : bad) {
            SaslMechanism m = new CramMd5Mechanism(backend, "mail.example.com");
            m.start(null);
            assertThat(m.next(r.getBytes(StandardCharsets.UTF_8))).as(r).isInstanceOf(SaslStep.Failure.class);
        }
        assertThat(backend.outcomes).isEmpty();
    }

    @Test
    void exchange_initialResponseOrRepeatedResponse_fails() {
        assertThat(new CramMd5Mechanism(backend, "mail.example.com").start(ascii("alice")))
                .isInstanceOf(SaslStep.Failure.class);
        SaslMechanism m = new CramMd5Mechanism(backend, () -> "<1.2@x>");
        m.start(null);
        m.next(ascii("alice 00000000000000000000000000000000"));
        assertThat(m.next(ascii("alice 00000000000000000000000000000000"))).isInstanceOf(SaslStep.Failure.class);
        assertThat(backend.outcomes).containsExactly(new RecordingBackend.Outcome("alice", false));
    }

    private static String challenge(SaslMechanism m) {
        return new String(((SaslStep.Challenge) m.start(null)).data(), StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
