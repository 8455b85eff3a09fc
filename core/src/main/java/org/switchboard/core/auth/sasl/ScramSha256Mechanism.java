package org.switchboard.core.auth.sasl;

import org.switchboard.core.auth.Digests;
import org.switchboard.core.auth.ScramCredential;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding: client-first, server-first, client-final,
 * server-final. An unknown user gets a deterministic fake salt (HMAC of the name under a per-process key)
 * and fails only at the proof, so the exchange does not reveal which accounts exist (RFC 5802 §9).
 */
final class ScramSha256Mechanism implements SaslMechanism {
    private static final int MAX_MESSAGE_BYTES = 2048;
    private static final int MAX_NONCE_CHARS = 255;
    private static final int PROOF_BYTES = 32;
    private static final int FAKE_SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] FAKE_SALT_KEY = randomBytes(32);

    private enum State { NEW, AWAIT_CLIENT_FIRST, AWAIT_CLIENT_FINAL, DONE }

    private final SaslBackend backend;
    private final Supplier<String> serverNonce;
    private State state = State.NEW;
    private String authcid;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private Optional<ScramCredential> credential;

    ScramSha256Mechanism(SaslBackend backend) {
        this(backend, () -> Base64.getEncoder().encodeToString(randomBytes(18)));
    }

    /** The supplier gives the server's part of the nonce; it must be printable ASCII without ','. */
    ScramSha256Mechanism(SaslBackend backend, Supplier<String> serverNonce) {
        this.backend = backend;
        this.serverNonce = serverNonce;
    }

    @Override
    public String name() {
        return "SCRAM-SHA-256";
    }

    @Override
    public SaslStep start(byte[] initialResponse) {
        if (state != State.NEW) return fail("SCRAM exchange already started");
        state = State.AWAIT_CLIENT_FIRST;
        if (initialResponse == null) return new SaslStep.Challenge(new byte[0]);
        return next(initialResponse);
    }

    @Override
    public SaslStep next(byte[] response) {
        State current = state;
        if (response == null || response.length > MAX_MESSAGE_BYTES) return fail("SCRAM message missing or too long");
        Optional<String> text = SaslText.utf8(response);
        if (text.isEmpty()) return fail("SCRAM message is not UTF-8");
        return switch (current) {
            case AWAIT_CLIENT_FIRST -> clientFirst(text.get());
            case AWAIT_CLIENT_FINAL -> clientFinal(text.get());
            default -> fail("SCRAM exchange is not awaiting a message");
        };
    }

    /** RFC 5802 §7: gs2-header client-first-message-bare. */
    private SaslStep clientFirst(String msg) {
        if (msg.startsWith("p=")) return fail("SCRAM channel binding requested but not offered");
        // "y": the client could bind but thinks we cannot, which is true (RFC 5802 §6), so it is accepted.
        if (!msg.startsWith("n,") && !msg.startsWith("y,")) return fail("SCRAM gs2 header must start with n, or y,");
        int authzEnd = msg.indexOf(',', 2);
        if (authzEnd < 0) return fail("SCRAM gs2 header is incomplete");
        String authzPart = msg.substring(2, authzEnd);
        Optional<String> authzid = Optional.of("");
        if (!authzPart.isEmpty()) {
            authzid = authzPart.startsWith("a=") ? saslName(authzPart.substring(2)) : Optional.empty();
            if (authzid.isEmpty()) return fail("SCRAM authzid is malformed");
        }
        gs2Header = msg.substring(0, authzEnd + 1);
        clientFirstBare = msg.substring(authzEnd + 1);
        String[] attrs = clientFirstBare.split(",", -1);
        // RFC 5802 §5.1: "m" announces a mandatory extension we cannot know, so the server must fail.
        if (attrs[0].startsWith("m=")) return fail("SCRAM mandatory extension not supported");
        if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=")) {
            return fail("SCRAM client-first must be n=user,r=nonce");
        }
        if (!extensionsValid(attrs, 2)) return fail("SCRAM client-first has a malformed extension");
        Optional<String> user = saslName(attrs[0].substring(2));
        if (user.isEmpty()) return fail("SCRAM user name is malformed or longer than 255 bytes");
        String clientNonce = attrs[1].substring(2);
        if (!validNonce(clientNonce)) return fail("SCRAM client nonce must be 1.." + MAX_NONCE_CHARS + " printable characters");
        if (!authzid.get().isEmpty() && !authzid.get().equals(user.get())) {
            return fail("SCRAM authzid " + authzid.get() + " differs from user " + user.get());
        }
        authcid = user.get();
        credential = backend.scramCredential(authcid);
        byte[] salt = credential.map(ScramCredential::salt).orElseGet(() -> fakeSalt(authcid));
        int iterations = credential.map(ScramCredential::iterations).orElse(ScramCredential.DEFAULT_ITERATIONS);
        nonce = clientNonce + serverNonce.get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
        state = State.AWAIT_CLIENT_FINAL;
        return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 5802 §7: channel-binding "," nonce ["," extensions] "," proof; then §3 proof check. */
    private SaslStep clientFinal(String msg) {
        state = State.DONE;
        int proofAt = msg.lastIndexOf(",p=");
        if (proofAt < 0) return fail("SCRAM client-final has no proof");
        String withoutProof = msg.substring(0, proofAt);
        String[] attrs = withoutProof.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=") || !extensionsValid(attrs, 2)) {
            return fail("SCRAM client-final must be c=...,r=...,p=...");
        }
        Optional<byte[]> binding = base64(attrs[0].substring(2));
        if (binding.isEmpty() || !Arrays.equals(binding.get(), gs2Header.getBytes(StandardCharsets.UTF_8))) {
            return fail("SCRAM channel binding data does not repeat the gs2 header");
        }
        if (!attrs[1].substring(2).equals(nonce)) return fail("SCRAM nonce does not match");
        Optional<byte[]> proof = base64(msg.substring(proofAt + 3));
        if (proof.isEmpty() || proof.get().length != PROOF_BYTES) return fail("SCRAM proof is not 32 bytes of base64");
        if (credential.isEmpty()) {
            backend.challengeResult(authcid, false);
            return fail("SCRAM user " + authcid + " unknown or without SCRAM credential");
        }
        ScramCredential c = credential.get();
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientKey = hmac(c.storedKey(), authMessage);
        for (int i = 0; i < clientKey.length; i++) clientKey[i] ^= proof.get()[i];
        boolean ok = MessageDigest.isEqual(sha256(clientKey), c.storedKey());
        backend.challengeResult(authcid, ok);
        if (!ok) return fail("SCRAM proof rejected for " + authcid);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(hmac(c.serverKey(), authMessage));
        return new SaslStep.Success(authcid, serverFinal.getBytes(StandardCharsets.US_ASCII));
    }

    private SaslStep fail(String reason) {
        state = State.DONE;
        return new SaslStep.Failure(reason);
    }

    /** RFC 5802 §5.1 saslname: ',' and '=' travel as "=2C" and "=3D"; any other '=' is an error. */
    private static Optional<String> saslName(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '=') {
                out.append(ch);
            } else if (s.startsWith("2C", i + 1)) {
                out.append(',');
                i += 2;
            } else if (s.startsWith("3D", i + 1)) {
                out.append('=');
                i += 2;
            } else {
                return Optional.empty();
            }
        }
        String name = out.toString();
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 1 || bytes > SaslText.MAX_FIELD_BYTES || !SaslText.noControls(name)) return Optional.empty();
        return Optional.of(name);
    }

    /** RFC 5802 §7: attr-val = ALPHA "=" value; unknown optional extensions are ignored. */
    private static boolean extensionsValid(String[] attrs, int from) {
        for (int i = from; i < attrs.length; i++) {
            String a = attrs[i];
            if (a.length() < 2 || a.charAt(1) != '=' || !isAsciiLetter(a.charAt(0))) return false;
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** RFC 5802 §7: printable = %x21-2B / %x2D-7E. */
    private static boolean validNonce(String n) {
        if (n.isEmpty() || n.length() > MAX_NONCE_CHARS) return false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') return false;
        }
        return true;
    }

    private static Optional<byte[]> base64(String s) {
        try {
            return Optional.of(Base64.getDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] fakeSalt(String user) {
        return Arrays.copyOf(hmac(FAKE_SALT_KEY, user.getBytes(StandardCharsets.UTF_8)), FAKE_SALT_BYTES);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] hmac(byte[] key, byte[] data) { return Digests.hmacSha256(key, data); }

    private static byte[] sha256(byte[] data) { return Digests.sha256(data); }
}
