package org.switchboard.core.auth.sasl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LoginMechanismTest {
    private final RecordingBackend backend = new RecordingBackend().password("alice", "wonder land");

    @Test
    void exchange_usernameThenPassword_succeeds() {
        SaslMechanism m = SaslMechanisms.create("login", backend, "mail.example.com");

        assertThat(text(m.start(null))).isEqualTo("Username:");
        assertThat(text(m.next(utf8("alice")))).isEqualTo("Password:");
        assertThat(m.next(utf8("wonder land"))).isEqualTo(new SaslStep.Success("alice", null));
        assertThat(m.next(utf8("again"))).isInstanceOf(SaslStep.Failure.class);
    }

    @Test
    void exchange_initialResponseIsUsername_asksOnlyForPassword() {
        SaslMechanism m = new LoginMechanism(backend);

        assertThat(text(m.start(utf8("alice")))).isEqualTo("Password:");
        assertThat(m.next(utf8("wonder land"))).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void exchange_emptyInitialResponse_countsAsNone() {
        assertThat(text(new LoginMechanism(backend).start(new byte[0]))).isEqualTo("Username:");
    }

    @Test
    void exchange_wrongPassword_fails() {
        SaslMechanism m = new LoginMechanism(backend);
        m.start(utf8("alice"));

        assertThat(m.next(utf8("wonderland"))).isInstanceOf(SaslStep.Failure.class);
        assertThat(backend.passwordChecks).containsExactly("alice");
    }

    @Test
    void fields_oversizedEmptyOrNotUtf8_failWithoutCheckingPassword() {
        byte[][] badUsers = {utf8("u".repeat(256)), {(byte) 0xFF}, utf8("al\0ice"), utf8("alice\nx")};
        for (byte[] user : badUsers) {
            SaslMechanism m = new LoginMechanism(backend);
            m.start(null);
            assertThat(m.next(user)).isInstanceOf(SaslStep.Failure.class);
        }
        byte[][] badPasswords = {utf8("p".repeat(256)), new byte[0], {(byte) 0xC3}, null};
        for (byte[] password : badPasswords) {
            SaslMechanism m = new LoginMechanism(backend);
            m.start(utf8("alice"));
            assertThat(m.next(password)).isInstanceOf(SaslStep.Failure.class);
        }
        assertThat(new LoginMechanism(backend).next(utf8("alice"))).as("before start").isInstanceOf(SaslStep.Failure.class);
        assertThat(backend.passwordChecks).isEmpty();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Challenge.class);
        return new String(((SaslStep.Challenge) step).data(), StandardCharsets.US_ASCII);
    }
}
