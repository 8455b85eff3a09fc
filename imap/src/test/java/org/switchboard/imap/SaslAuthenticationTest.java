package org.switchboard.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.core.auth.SecuritySettings;
import org.switchboard.core.directory.NewUser;

/**
 * AUTHENTICATE with the challenge mechanisms (RFC 9051 §6.2.2): SCRAM-SHA-256 with a client written
 * here from RFC 5802 (also with SASL-IR), and CRAM-MD5 with the JDK's own client when reversible
 * secrets are allowed.
 */
class SaslAuthenticationTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static ImapFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ImapFixture();
        SecuritySettings d = SecuritySettings.SECTION.defaults();
        fixture.security = new SecuritySettings(d.blockIps(), d.failures(), d.windowSeconds(), d.blockSeconds(), d.lockAccounts(),
                d.accountLockSeconds(), d.trustedIpGroup(), true, d.allowPlaintextWithoutTls());
        // Created after reversible secrets were allowed, so CRAM-MD5 has a secret to check against.
        fixture.directory.addUser(Actor.SERVER, NewUser.of("dave@example.com", ImapFixture.PASSWORD, "Dave"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void scramSha256_withContinuations_succeedsAndServerProvesItself() throws Exception {
        try (InMemoryConnection c = connect()) {
            c.send("a AUTHENTICATE SCRAM-SHA-256");
            assertThat(c.readLine(WAIT)).isEqualTo("+ ");
            Scram scram = new Scram("alice@example.com", ImapFixture.PASSWORD);
            c.send(b64(scram.clientFirst()));
            String serverFirst = unb64(challenge(c));
            c.send(b64(scram.clientFinal(serverFirst)));
            assertThat(unb64(challenge(c))).isEqualTo(scram.expectedServerFinal());
            c.send("");
            assertThat(c.readLine(WAIT)).startsWith("a OK [CAPABILITY ").endsWith("AUTHENTICATE completed");
        }
    }

    @Test
    void scramSha256_initialResponse_succeeds() throws Exception {
        try (InMemoryConnection c = connect()) {
            Scram scram = new Scram("bob@example.com", ImapFixture.PASSWORD);
            c.send("a AUTHENTICATE SCRAM-SHA-256 " + b64(scram.clientFirst()));
            c.send(b64(scram.clientFinal(unb64(challenge(c)))));
            assertThat(unb64(challenge(c))).isEqualTo(scram.expectedServerFinal());
            c.send("");
            assertThat(c.readLine(WAIT)).startsWith("a OK");
        }
    }

    @Test
    void scramSha256_wrongPassword_authenticationFailed() throws Exception {
        try (InMemoryConnection c = connect()) {
            Scram scram = new Scram("alice@example.com", "not-the-password");
            c.send("a AUTHENTICATE SCRAM-SHA-256 " + b64(scram.clientFirst()));
            c.send(b64(scram.clientFinal(unb64(challenge(c)))));
            assertThat(c.readLine(WAIT)).isEqualTo("a NO [AUTHENTICATIONFAILED] Authentication failed");
        }
    }

    @Test
    void cramMd5_jdkClient_succeedsWhenReversibleSecretsAllowed() throws Exception {
        try (InMemoryConnection c = connect()) {
            c.send("a CAPABILITY");
            assertThat(c.readLine(WAIT)).contains("AUTH=CRAM-MD5");
            c.readLine(WAIT);
            SaslClient client = Sasl.createSaslClient(new String[] {"CRAM-MD5"}, null, "imap", "mail.example.com", Map.of(), callbacks -> {
                for (var cb : callbacks) {
                    if (cb instanceof NameCallback n) n.setName("dave@example.com");
                    else if (cb instanceof PasswordCallback p) p.setPassword(ImapFixture.PASSWORD.toCharArray());
                }
            });
            c.send("b AUTHENTICATE CRAM-MD5");
            byte[] challenge = Base64.getDecoder().decode(challenge(c));
            c.send(Base64.getEncoder().encodeToString(client.evaluateChallenge(challenge)));
            assertThat(c.readLine(WAIT)).startsWith("b OK");
        }
    }

    private static InMemoryConnection connect() throws Exception {
        InMemoryConnection c = new InMemoryConnection(fixture.service(new MemoryMailStore()), true);
        assertThat(c.readLine(WAIT)).startsWith("* OK");
        return c;
    }

    private static String challenge(InMemoryConnection c) throws Exception {
        String line = c.readLine(WAIT);
        assertThat(line).startsWith("+ ");
        return line.substring(2);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    /** The client side of RFC 5802 / RFC 7677 without channel binding, written from the RFC. */
    private static final class Scram {
        private final String user;
        private final String password;
        private final String nonce;
        private String authMessage;
        private byte[] saltedPassword;

        Scram(String user, String password) {
            this.user = user;
            this.password = password;
            byte[] n = new byte[18];
            new SecureRandom().nextBytes(n);
            this.nonce = Base64.getEncoder().encodeToString(n);
        }

        String clientFirst() {
            return "n,," + bare();
        }

        private String bare() {
            return "n=" + user + ",r=" + nonce;
        }

        String clientFinal(String serverFirst) throws Exception {
            Map<String, String> a = attributes(serverFirst);
            assertThat(a.get("r")).startsWith(nonce);
            saltedPassword = pbkdf2(password, Base64.getDecoder().decode(a.get("s")), Integer.parseInt(a.get("i")));
            String withoutProof = "c=biws,r=" + a.get("r");
            authMessage = bare() + "," + serverFirst + "," + withoutProof;
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            byte[] signature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        }

        String expectedServerFinal() throws Exception {
            return "v=" + Base64.getEncoder().encodeToString(hmac(hmac(saltedPassword, "Server Key"), authMessage));
        }

        private static Map<String, String> attributes(String message) {
            Map<String, String> out = new java.util.HashMap<>();
            for (String part : message.split(",")) out.put(part.substring(0, 1), part.substring(2));
            return out;
        }

        private static byte[] pbkdf2(String password, byte[] salt, int iterations) throws Exception {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        }

        private static byte[] hmac(byte[] key, String data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }
    }
}
