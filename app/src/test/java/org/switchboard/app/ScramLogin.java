package org.switchboard.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AUTHENTICATE SCRAM-SHA-256 (RFC 5802, RFC 7677, no channel binding) over an {@link ImapWire}, the way a
 * client that keeps the salted password logs in: the server checks a proof instead of hashing a password,
 * so the benchmark can open thousands of connections without measuring Argon2. Thread-safe: the salted
 * passwords are cached per user, salt and iteration count.
 */
final class ScramLogin {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, byte[]> salted = new ConcurrentHashMap<>();

    /** Authenticates {@code w}; fails when the server refuses or does not prove it knows the password. */
    void authenticate(ImapWire w, String user, String password) throws IOException, GeneralSecurityException {
        byte[] n = new byte[18];
        RANDOM.nextBytes(n);
        String nonce = Base64.getEncoder().encodeToString(n);
        String bare = "n=" + user + ",r=" + nonce;
        String tag = w.nextTag();
        w.raw((tag + " AUTHENTICATE SCRAM-SHA-256 " + b64("n,," + bare) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        String serverFirst = challenge(w);
        Map<String, String> a = attributes(serverFirst);
        if (!a.getOrDefault("r", "").startsWith(nonce)) throw new IOException("server nonce does not extend ours: " + serverFirst);
        byte[] saltedPassword = salted.computeIfAbsent(user + "\0" + a.get("s") + "\0" + a.get("i"),
                k -> pbkdf2(password, Base64.getDecoder().decode(a.get("s")), Integer.parseInt(a.get("i"))));
        String withoutProof = "c=biws,r=" + a.get("r");
        String authMessage = bare + "," + serverFirst + "," + withoutProof;
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] signature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
        w.raw((b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        String serverFinal = challenge(w);
        String expected = "v=" + Base64.getEncoder().encodeToString(hmac(hmac(saltedPassword, "Server Key"), authMessage));
        if (!serverFinal.equals(expected)) throw new IOException("server signature does not match");
        w.raw("\r\n".getBytes(StandardCharsets.US_ASCII));
        ImapWire.Reply r = w.awaitTagged(tag);
        if (!r.ok()) throw new IOException("AUTHENTICATE refused: " + r);
    }

    private static String challenge(ImapWire w) throws IOException {
        ImapWire.Line l = w.poll(WAIT);
        if (l == null || !l.text().startsWith("+ ")) throw new IOException("expected a challenge, got " + (l == null ? "nothing" : l.text()));
        return new String(Base64.getDecoder().decode(l.text().substring(2).trim()), StandardCharsets.UTF_8);
    }

    private static Map<String, String> attributes(String message) {
        Map<String, String> out = new HashMap<>();
        for (String part : message.split(",")) if (part.length() > 2) out.put(part.substring(0, 1), part.substring(2));
        return out;
    }

    private static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
