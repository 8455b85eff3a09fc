package org.switchboard.core.auth.sasl;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * CRAM-MD5 (RFC 2195): the server sends a unique {@code <random.timestamp@fqdn>} challenge, the client answers
 * {@code user SP hex(HMAC-MD5(secret, challenge))}. Needs the secret in clear, hence SaslBackend#plaintextSecret.
 * Every proof outcome goes to SaslBackend#challengeResult so lockout sees CRAM-MD5 guesses too.
 */
final class CramMd5Mechanism implements SaslMechanism {
    private static final int DIGEST_HEX_CHARS = 32;
    private static final int MAX_RESPONSE_BYTES = SaslText.MAX_FIELD_BYTES + 1 + DIGEST_HEX_CHARS;
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { NEW, AWAIT_RESPONSE, DONE }

    private final SaslBackend backend;
    private final Supplier<String> challenges;
    private State state = State.NEW;
    private byte[] challenge;

    CramMd5Mechanism(SaslBackend backend, String serverFqdn) {
        this(backend, () -> "<" + (RANDOM.nextLong() & Long.MAX_VALUE) + "." + System.currentTimeMillis() + "@" + serverFqdn + ">");
    }

    /** The supplier makes the challenge string; it must be ASCII and never repeat. */
    CramMd5Mechanism(SaslBackend backend, Supplier<String> challenges) {
        this.backend = backend;
        this.challenges = challenges;
    }

    @Override
    public String name() {
        return "CRAM-MD5";
    }

    @Override
    public SaslStep start(byte[] initialResponse) {
        if (state != State.NEW) return fail("CRAM-MD5 exchange already started");
        // RFC 2195 §2: the server speaks first, so a client cannot have anything to say yet.
        if (initialResponse != null && initialResponse.length > 0) return fail("CRAM-MD5 takes no initial response");
        state = State.AWAIT_RESPONSE;
        challenge = challenges.get().getBytes(StandardCharsets.US_ASCII);
        return new SaslStep.Challenge(challenge.clone());
    }

    @Override
    public SaslStep next(byte[] response) {
        if (state != State.AWAIT_RESPONSE) return fail("CRAM-MD5 exchange is not awaiting a response");
        state = State.DONE;
        if (response == null || response.length > MAX_RESPONSE_BYTES) return fail("CRAM-MD5 response missing or too long");
        int space = lastIndexOf(response, (byte) ' ');
        if (space < 0 || response.length - space - 1 != DIGEST_HEX_CHARS) {
            return fail("CRAM-MD5 response must be \"user digest\" with a 32-digit hex digest");
        }
        Optional<String> user = SaslText.name(response, 0, space);
        if (user.isEmpty()) return fail("CRAM-MD5 user name empty, longer than 255 bytes, not UTF-8 or with control characters");
        byte[] digest;
        try {
            digest = HexFormat.of().parseHex(new String(response, space + 1, DIGEST_HEX_CHARS, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return fail("CRAM-MD5 digest is not hex");
        }
        Optional<String> secret = backend.plaintextSecret(user.get());
        if (secret.isEmpty()) {
            backend.challengeResult(user.get(), false);
            return fail("CRAM-MD5 has no stored secret for " + user.get());
        }
        boolean ok = MessageDigest.isEqual(digest, hmacMd5(secret.get().getBytes(StandardCharsets.UTF_8), challenge));
        backend.challengeResult(user.get(), ok);
        return ok ? new SaslStep.Success(user.get(), null) : fail("CRAM-MD5 digest mismatch for " + user.get());
    }

    private SaslStep fail(String reason) {
        state = State.DONE;
        return new SaslStep.Failure(reason);
    }

    private static int lastIndexOf(byte[] b, byte value) {
        for (int i = b.length - 1; i >= 0; i--) if (b[i] == value) return i;
        return -1;
    }

    private static byte[] hmacMd5(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            // An empty secret is an illegal JCE key; HMAC pads keys with zeros, so one zero byte is the same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is a mandatory JCE algorithm", e);
        }
    }
}
