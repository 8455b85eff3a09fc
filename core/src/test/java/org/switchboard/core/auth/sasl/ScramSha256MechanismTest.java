package org.switchboard.core.auth.sasl;

import org.junit.jupiter.api.Test;
import org.switchboard.core.auth.ScramCredential;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ScramSha256MechanismTest {
    private static final byte[] RFC_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final String RFC_SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String RFC_CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";

    private final RecordingBackend backend = new RecordingBackend()
            .scram("user", ScramCredential.derive("pencil", RFC_SALT, 4096));

    private SaslMechanism rfcMechanism() {
        return new ScramSha256Mechanism(backend, () -> RFC_SERVER_NONCE);
    }

    @Test
    void rfc7677Example_exchange_reproducesServerMessagesByteForByte() {
        SaslMechanism m = rfcMechanism();

        SaslStep first = m.start(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        assertThat(challengeText(first)).isEqualTo(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");

        SaslStep last = m.next(bytes(RFC_CLIENT_FINAL));
        assertThat(last).isInstanceOf(SaslStep.Success.class);
        SaslStep.Success ok = (SaslStep.Success) last;
        assertThat(ok.authcid()).isEqualTo("user");
        assertThat(text(ok.additionalData())).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        assertThat(backend.outcomes).containsExactly(new RecordingBackend.Outcome("user", true));
    }

    @Test
    void rfc7677Example_wrongPassword_failsAndReportsFailedProof() {
        backend.scram("user", ScramCredential.derive("pencils", RFC_SALT, 4096));
        SaslMechanism m = rfcMechanism();
        m.start(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));

        assertThat(m.next(bytes(RFC_CLIENT_FINAL))).isInstanceOf(SaslStep.Failure.class);
        assertThat(backend.outcomes).containsExactly(new RecordingBackend.Outcome("user", false));
    }

    @Test
    void exchange_noInitialResponse_sendsEmptyChallengeThenSucceeds() throws Exception {
        backend.scram("ann", ScramCredential.derive("s3cret!"));
        SaslMechanism m = SaslMechanisms.create("scram-sha-256", backend, "mail.example.com");
        Client c = new Client("ann", "s3cret!", "n,,");

        SaslStep first = m.start(null);
        assertThat(first).isInstanceOf(SaslStep.Challenge.class);
        assertThat(((SaslStep.Challenge) first).data()).isEmpty();
        SaslStep serverFirst = m.next(bytes(c.first()));
        SaslStep result = m.next(bytes(c.finalMessage(challengeText(serverFirst))));

        assertThat(result).isInstanceOf(SaslStep.Success.class);
        assertThat(text(((SaslStep.Success) result).additionalData())).isEqualTo(c.expectedServerFinal);
    }

    @Test
    void exchange_userNameWithCommaAndEquals_isUnescaped() throws Exception {
        backend.scram("a,b=c", ScramCredential.derive("pw"));
        Client c = new Client("a,b=c", "pw", "n,,");

        SaslStep result = run(new ScramSha256Mechanism(backend), c);

        assertThat(c.first()).contains("n=a=2Cb=3Dc,");
        assertThat(result).isInstanceOf(SaslStep.Success.class);
        assertThat(((SaslStep.Success) result).authcid()).isEqualTo("a,b=c");
    }

    @Test
    void exchange_passwordNeedingSaslPrep_matchesClientThatPrepares() throws Exception {
        // RFC 4013 §3 example: the soft hyphen maps to nothing, so "I\u00ADX" and "IX" are the same password.
        backend.scram("ann", ScramCredential.derive("I\u00ADX"));

        assertThat(run(new ScramSha256Mechanism(backend), new Client("ann", "IX", "n,,")))
                .isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void exchange_clientSupportsBindingFlagY_isAccepted() throws Exception {
        backend.scram("ann", ScramCredential.derive("pw"));

        assertThat(run(new ScramSha256Mechanism(backend), new Client("ann", "pw", "y,,")))
                .isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void exchange_authzidEqualToUser_isAccepted() throws Exception {
        backend.scram("ann", ScramCredential.derive("pw"));

        assertThat(run(new ScramSha256Mechanism(backend), new Client("ann", "pw", "n,a=ann,")))
                .isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void exchange_authzidOfAnotherUser_fails() {
        SaslMechanism m = rfcMechanism();

        assertThat(m.start(bytes("n,a=admin,n=user,r=abc"))).isInstanceOf(SaslStep.Failure.class);
        assertThat(backend.outcomes).isEmpty();
    }

    @Test
    void exchange_channelBindingRequested_fails() {
        assertThat(rfcMechanism().start(bytes("p=tls-exporter,,n=user,r=abc"))).isInstanceOf(SaslStep.Failure.class);
    }

    @Test
    void exchange_mandatoryExtension_fails() {
        assertThat(rfcMechanism().start(bytes("n,,m=ext,n=user,r=abc"))).isInstanceOf(SaslStep.Failure.class);
    }

    @Test
    void exchange_unknownUser_looksLikeRealUserUntilProofFails() throws Exception {
        SaslMechanism first = new ScramSha256Mechanism(backend);
        SaslMechanism second = new ScramSha256Mechanism(backend);
        Client c = new Client("ghost", "pw", "n,,");

        String serverFirst = challengeText(first.start(bytes(c.first())));
        String again = challengeText(second.start(bytes("n,,n=ghost,r=other")));
        String otherGhost = challengeText(new ScramSha256Mechanism(backend).start(bytes("n,,n=ghost2,r=x")));

        assertThat(serverFirst).matches("r=[^,]+,s=[A-Za-z0-9+/]{22}==,i=4096");
        assertThat(salt(serverFirst)).isEqualTo(salt(again)).isNotEqualTo(salt(otherGhost));
        assertThat(first.next(bytes(c.finalMessage(serverFirst)))).isInstanceOf(SaslStep.Failure.class);
        assertThat(backend.outcomes).containsExactly(new RecordingBackend.Outcome("ghost", false));
    }

    @Test
    void clientFinal_nonceNotEchoed_fails() {
        SaslMechanism m = rfcMechanism();
        m.start(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));

        assertThat(m.next(bytes(RFC_CLIENT_FINAL.replace("k0,p=", "k1,p=")))).isInstanceOf(SaslStep.Failure.class);
    }

    @Test
    void clientFinal_bindingDataNotMatchingHeader_fails() {
        SaslMechanism m = rfcMechanism();
        m.start(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));

        assertThat(m.next(bytes(RFC_CLIENT_FINAL.replace("c=biws", "c=eSws")))).isInstanceOf(SaslStep.Failure.class);
    }

    @Test
    void clientFinal_malformed_failsWithoutException() {
        String[] bad = {
            "", "c=biws", "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
            RFC_CLIENT_FINAL.replace("p=dHzb", "p=!!zb"), RFC_CLIENT_FINAL.replace("=dHzbZapWIk4jUhN+", "=dHzb"),
            RFC_CLIENT_FINAL.replace("c=biws", "c=b*ws"), "p=xyz", ",,,,", "c=biws,r=,p=",
            RFC_CLIENT_FINAL.replace(",p=", ",1=x,p="),
        };
        for (String msg : bad) {
            SaslMechanism m = rfcMechanism();
            m.start(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
            assertThat(m.next(bytes(msg))).as(msg).isInstanceOf(SaslStep.Failure.class);
        }
        assertThat(backend.outcomes).isEmpty();
    }

    @Test
    void clientFirst_malformed_failsWithoutException() {
        String[] bad = {
            "", "n", "n,", "x,,n=user,r=abc", "n,,r=abc,n=user", "n,,n=user", "n,,n=,r=abc", "n,,n=us=er,r=abc",
            "n,,n=user,r=", "n,,n=user,r=a b", "n,b=x,n=user,r=abc", "n,,n=user,r=abc,=x", "n,,n=user,r=abc,ext",
            "n,,n=" + "u".repeat(256) + ",r=abc", "n,,n=user,r=" + "x".repeat(256), "n,,n=us\u0001er,r=abc",
        };
        for (String msg : bad) {
            assertThat(rfcMechanism().start(bytes(msg))).as(msg).isInstanceOf(SaslStep.Failure.class);
        }
        assertThat(rfcMechanism().start(new byte[] {'n', ',', ',', 'n', '=', (byte) 0xC3, ',', 'r', '=', 'a'}))
                .as("invalid UTF-8").isInstanceOf(SaslStep.Failure.class);
        assertThat(rfcMechanism().start(new byte[4096])).as("oversized").isInstanceOf(SaslStep.Failure.class);
    }

    @Test
    void exchange_randomGarbageAtEachStep_neverThrows() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            SaslMechanism m = rfcMechanism();
            if (i % 2 == 0) {
                assertThat(m.start(junk)).isNotNull();
            } else {
                m.start(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
                assertThat(m.next(junk)).isInstanceOf(SaslStep.Failure.class);
            }
        }
    }

    @Test
    void exchange_messagesAfterCompletion_fail() {
        SaslMechanism m = rfcMechanism();
        m.start(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        m.next(bytes(RFC_CLIENT_FINAL));

        assertThat(m.next(bytes(RFC_CLIENT_FINAL))).isInstanceOf(SaslStep.Failure.class);
        assertThat(m.start(bytes("n,,n=user,r=abc"))).isInstanceOf(SaslStep.Failure.class);
        assertThat(new ScramSha256Mechanism(backend).next(bytes("n,,n=user,r=abc"))).isInstanceOf(SaslStep.Failure.class);
    }

    private static SaslStep run(SaslMechanism m, Client c) throws Exception {
        SaslStep serverFirst = m.start(bytes(c.first()));
        return m.next(bytes(c.finalMessage(challengeText(serverFirst))));
    }

    private static String salt(String serverFirst) {
        return serverFirst.split(",")[1];
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static String challengeText(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Challenge.class);
        return text(((SaslStep.Challenge) step).data());
    }

    /**
     * A SCRAM-SHA-256 client written from RFC 5802 §3 on the JDK's own PBKDF2 (not ScramCredential), so a
     * mistake in our key derivation cannot cancel out.
     */
    private static final class Client {
        private final String user;
        private final String password;
        private final String gs2Header;
        private final String clientNonce = randomNonce();
        String expectedServerFinal;

        Client(String user, String password, String gs2Header) {
            this.user = user;
            this.password = password;
            this.gs2Header = gs2Header;
        }

        String bare() {
            return "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        }

        String first() {
            return gs2Header + bare();
        }

        String finalMessage(String serverFirst) throws Exception {
            String[] parts = serverFirst.split(",");
            String nonce = parts[0].substring(2);
            assertThat(nonce).startsWith(clientNonce).isNotEqualTo(clientNonce);
            byte[] salt = Base64.getDecoder().decode(parts[1].substring(2));
            int iterations = Integer.parseInt(parts[2].substring(2));
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            String withoutProof = "c=" + Base64.getEncoder().encodeToString(bytes(gs2Header)) + ",r=" + nonce;
            String authMessage = bare() + "," + serverFirst + "," + withoutProof;
            byte[] signature = hmac(storedKey, authMessage);
            byte[] proof = clientKey.clone();
            for (int i = 0; i < proof.length; i++) proof[i] ^= signature[i];
            expectedServerFinal = "v=" + Base64.getEncoder().encodeToString(hmac(hmac(salted, "Server Key"), authMessage));
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        }

        private static String randomNonce() {
            byte[] b = new byte[12];
            new SecureRandom().nextBytes(b);
            return Base64.getEncoder().encodeToString(b);
        }

        private static byte[] hmac(byte[] key, String data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(bytes(data));
        }
    }
}
