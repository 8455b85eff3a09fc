package org.switchboard.pbx.registrar;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.switchboard.pbx.sip.codec.AuthParams;
import org.switchboard.pbx.sip.codec.SipParseException;
import org.switchboard.pbx.sip.codec.SipRequest;

/**
 * HTTP Digest for SIP (RFC 3261 §22.4, RFC 2617, RFC 7616) with MD5 and SHA-256 (RFC 8760). Challenges do not
 * depend on who asks, so known and unknown extensions look the same (no enumeration oracle). Nonces are
 * stateless: issue time, random bytes and an HMAC over both under a per-process key, valid for
 * {@link #NONCE_LIFETIME}; an authentic expired nonce gets stale=true (RFC 7616 §3.3). Thread-safe.
 */
public final class DigestAuthenticator {
    public static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the credentials in a request amount to. */
    public sealed interface Verdict {}

    /** No credentials for our realm: challenge. */
    public record Missing() implements Verdict {}

    /** Authentic but expired nonce: challenge again with stale=true, not a failure. */
    public record Stale() implements Verdict {}

    /** Credentials we cannot use (bad syntax, unknown algorithm, forged nonce): a failure for {@code username}. */
    public record Invalid(String username, String why) implements Verdict {}

    /** Wrong response, or no such user (the caller cannot tell which). */
    public record Failed(String username) implements Verdict {}

    public record Ok(String username) implements Verdict {}

    private final InstantSource clock;
    private final Supplier<String> realm;
    private final Supplier<List<String>> algorithms;
    private final byte[] key = new byte[32];

    public DigestAuthenticator(InstantSource clock, Supplier<String> realm, Supplier<List<String>> algorithms) {
        this.clock = clock;
        this.realm = realm;
        this.algorithms = algorithms;
        RANDOM.nextBytes(key);
    }

    public String realm() { return realm.get(); }

    /** One challenge per configured algorithm, most preferred first (RFC 8760 §2.4). */
    public List<String> challenges(boolean stale) {
        List<String> out = new ArrayList<>();
        for (String algorithm : algorithms.get()) {
            out.add("Digest realm=\"" + realm.get() + "\", nonce=\"" + newNonce() + "\", algorithm=" + algorithm
                    + ", qop=\"auth\"" + (stale ? ", stale=true" : ""));
        }
        return out;
    }

    /**
     * Checks the credentials in {@code headerName} (Authorization or Proxy-Authorization) against
     * {@code passwordOf}, which answers empty for an unknown user name.
     */
    public Verdict verify(SipRequest request, String headerName, Function<String, Optional<String>> passwordOf) {
        AuthParams creds = null;
        for (String value : request.headers().all(headerName)) {
            try {
                AuthParams a = AuthParams.parse(value);
                if (a.isDigest() && a.get("realm").map(r -> r.equals(realm.get())).orElse(false)) {
                    creds = a;
                    break;
                }
            } catch (SipParseException e) {
                return new Invalid("", e.getMessage());
            }
        }
        if (creds == null) return new Missing();
        String username = creds.get("username").orElse("");
        String nonce = creds.get("nonce").orElse("");
        String uri = creds.get("uri").orElse("");
        String response = creds.get("response").orElse("").toLowerCase(Locale.ROOT);
        String algorithm = creds.get("algorithm").orElse("MD5");
        if (username.isEmpty() || username.length() > 64 || uri.isEmpty() || response.isEmpty()) return new Invalid(username, "incomplete credentials");
        if (!algorithms.get().contains(algorithm.toUpperCase(Locale.ROOT))) return new Invalid(username, "algorithm " + algorithm + " not offered");
        NonceState ns = checkNonce(nonce);
        if (ns == NonceState.FORGED) return new Invalid(username, "nonce not issued by us");
        Optional<String> password = passwordOf.apply(username);
        // Same work whether or not the user exists: no timing difference to enumerate extensions by.
        String expected = expectedResponse(algorithm, username, realm.get(), password.orElse("\u0000unknown"), request.method(), uri, nonce,
                creds.get("qop").orElse(null), creds.get("nc").orElse(""), creds.get("cnonce").orElse(""));
        boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), response.getBytes(StandardCharsets.US_ASCII));
        if (!match || password.isEmpty()) return new Failed(username);
        if (ns == NonceState.EXPIRED) return new Stale();
        return new Ok(username);
    }

    /** RFC 7616 §3.4.1 (qop=auth) and RFC 2617 §3.2.2.1 without qop. */
    public static String expectedResponse(String algorithm, String username, String realm, String password, String method, String uri,
                                          String nonce, String qop, String nc, String cnonce) {
        String ha1 = hash(algorithm, username + ":" + realm + ":" + password);
        String ha2 = hash(algorithm, method + ":" + uri);
        if (qop == null || qop.isEmpty()) return hash(algorithm, ha1 + ":" + nonce + ":" + ha2);
        return hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    static String hash(String algorithm, String text) {
        String jca = algorithm.equalsIgnoreCase("SHA-256") ? "SHA-256" : "MD5";
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " is a mandatory JCA algorithm", e);
        }
    }

    private enum NonceState { FRESH, EXPIRED, FORGED }

    String newNonce() {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.putLong(clock.millis());
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        b.put(r);
        b.put(mac(b.array(), 16), 0, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private NonceState checkNonce(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return NonceState.FORGED;
        }
        if (raw.length != 32) return NonceState.FORGED;
        byte[] expected = mac(raw, 16);
        if (!MessageDigest.isEqual(java.util.Arrays.copyOf(expected, 16), java.util.Arrays.copyOfRange(raw, 16, 32))) return NonceState.FORGED;
        long issued = ByteBuffer.wrap(raw).getLong();
        long age = clock.millis() - issued;
        return age < 0 || age > NONCE_LIFETIME.toMillis() ? NonceState.EXPIRED : NonceState.FRESH;
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            m.update(data, 0, length);
            return m.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is a mandatory JCA algorithm", e);
        }
    }
}
