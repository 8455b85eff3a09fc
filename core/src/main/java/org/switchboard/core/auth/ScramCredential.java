package org.switchboard.core.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a SCRAM-SHA-256 server keeps instead of the password (RFC 5802 §3, RFC 7677): salt, iteration
 * count, StoredKey and ServerKey. Immutable (arrays are copied in and out). The text form is PostgreSQL's
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, so hashes can move between the two.
 */
public record ScramCredential(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    static final String PREFIX = "SCRAM-SHA-256$";
    public static final int DEFAULT_ITERATIONS = 4096;
    static final int DEFAULT_SALT_BYTES = 16;
    static final int MAX_ITERATIONS = 10_000_000;
    private static final int KEY_BYTES = 32;
    private static final int MAX_SALT_BYTES = 1024;
    private static final int MAX_ENCODED_LENGTH = 2048;
    private static final SecureRandom RANDOM = new SecureRandom();

    public ScramCredential {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(storedKey, "storedKey");
        Objects.requireNonNull(serverKey, "serverKey");
        if (salt.length == 0 || salt.length > MAX_SALT_BYTES) throw new IllegalArgumentException("salt must be 1.." + MAX_SALT_BYTES + " bytes");
        if (iterations < 1 || iterations > MAX_ITERATIONS) throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS);
        if (storedKey.length != KEY_BYTES || serverKey.length != KEY_BYTES) throw new IllegalArgumentException("SCRAM-SHA-256 keys are 32 bytes");
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /** RFC 5802 §3: SaltedPassword = Hi(Normalize(password), salt, i); the keys derive from it. */
    public static ScramCredential derive(String password, byte[] salt, int iterations) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(salt, "salt");
        // A password SASLprep prohibits cannot be typed by a conforming client anyway; hashing it unprepared
        // (as PostgreSQL does) keeps it usable by clients that skip the step.
        byte[] pw = SaslPrep.prepare(password).orElse(password).getBytes(StandardCharsets.UTF_8);
        if (iterations < 1 || iterations > MAX_ITERATIONS) throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS);
        byte[] salted = hi(pw, salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        return new ScramCredential(salt, iterations, sha256(clientKey), hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)));
    }

    public static ScramCredential derive(String password) {
        byte[] salt = new byte[DEFAULT_SALT_BYTES];
        RANDOM.nextBytes(salt);
        return derive(password, salt, DEFAULT_ITERATIONS);
    }

    public String encode() {
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + iterations + ":" + b64.encodeToString(salt) + "$" + b64.encodeToString(storedKey) + ":"
                + b64.encodeToString(serverKey);
    }

    /** Parses {@link #encode()}'s form; anything else is an IllegalArgumentException naming the problem. */
    public static ScramCredential decode(String s) {
        if (s == null || s.length() > MAX_ENCODED_LENGTH || !s.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 credential");
        }
        String[] halves = s.substring(PREFIX.length()).split("\\$", -1);
        if (halves.length != 2) throw new IllegalArgumentException("SCRAM credential must have the form SCRAM-SHA-256$i:salt$StoredKey:ServerKey");
        String[] left = halves[0].split(":", -1);
        String[] right = halves[1].split(":", -1);
        if (left.length != 2 || right.length != 2) throw new IllegalArgumentException("SCRAM credential must have the form SCRAM-SHA-256$i:salt$StoredKey:ServerKey");
        int iterations;
        try {
            iterations = Integer.parseInt(left[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SCRAM credential iteration count is not a number");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        // Base64.Decoder throws IllegalArgumentException with its own message on bad input, which suits us.
        return new ScramCredential(b64.decode(left[1]), iterations, b64.decode(right[0]), b64.decode(right[1]));
    }

    @Override public byte[] salt() { return salt.clone(); }

    @Override public byte[] storedKey() { return storedKey.clone(); }

    @Override public byte[] serverKey() { return serverKey.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredential c && iterations == c.iterations && Arrays.equals(salt, c.salt)
                && MessageDigest.isEqual(storedKey, c.storedKey) && MessageDigest.isEqual(serverKey, c.serverKey);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(salt) + iterations) + Arrays.hashCode(storedKey);
    }

    /** Leaves the keys out: log lines must not carry password equivalents. */
    @Override
    public String toString() {
        return "ScramCredential[salt=" + HexFormat.of().formatHex(salt) + ", iterations=" + iterations + "]";
    }

    /** RFC 5802 §2.2 Hi(): PBKDF2 with HMAC-SHA-256 and one output block. */
    private static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty password is a legal SCRAM input but an illegal JCE key; a single zero byte is the same
            // HMAC key because HMAC zero-pads short keys to the block size.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1});
            byte[] u = mac.doFinal();
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) result[j] ^= u[j];
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is a mandatory JCE algorithm", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) { return Digests.hmacSha256(key, data); }

    private static byte[] sha256(byte[] data) { return Digests.sha256(data); }
}
